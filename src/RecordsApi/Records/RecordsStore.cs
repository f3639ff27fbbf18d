using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Leaderboards;
using RecordsApi.Resources;

namespace RecordsApi.Records;

/// <summary>
/// The SQL of the records resource. A record is read as the document record_document() renders
/// (0011_records.sql), the same one its revisions keep, so GET and /history can never disagree.
/// </summary>
internal static class RecordsStore
{
    public static readonly ResourceKind Kind = new("records", "record", "records", "record_document");

    /// <summary>
    /// The columns a request writes and how a record reads (with its agreement with the data), for the
    /// shared read and write paths. A record with more than one holding cannot become a 'first'.
    /// </summary>
    public static readonly WritableResource<RecordRequest, Record> Writable = new(
        Kind,
        "slug, title, category, description, metric, sources",
        Parameters,
        FindWithAgreementAsync)
    {
        ComputedETag = ETagOf,
        SlugSourceName = "title",
        RefuseReplace = async (write, id, record) =>
            record.Category == Categories.First && await HoldingsAsync(write, id) is var holdings and > 1
                ? ApiProblems.Problem(ProblemTypes.FirstHeldOnce, $"The record has {holdings} holdings, and a 'first' has exactly one. Keep its category, or make a new 'first' record.")
                : null,
    };

    /// <summary>The list's order (records_by_title, records_by_category).</summary>
    public static readonly KeysetOrder ByTitle = new("title", "r.title", "text");

    private static readonly JsonSerializerOptions DocumentJson = ReadOptions();

    public static async Task<List<RecordListRow>> ListAsync(NpgsqlConnection connection, RecordsQuery query, KeysetPosition? after, int take, CancellationToken ct)
    {
        var conditions = new SqlConditions("r.deleted_at IS NULL")
            .When(query.Category is not null, "r.category = @category")
            .When(query.Q is not null, LikePatterns.MatchesSearchText("r"))
            .When(after is not null, ByTitle.After("r.id"));

        var rows = await connection.QueryAsync<RecordListRow>(new CommandDefinition(
            $"""
            SELECT r.id, {ByTitle.KeyAsText} AS sort_key, (record_document(r) - 'progression')::text AS document
            FROM records r
            WHERE {conditions}
            ORDER BY {ByTitle.OrderBy("r.id")}
            LIMIT @take
            """,
            new
            {
                category = query.Category,
                q = query.Q?.Trim(),
                qLike = query.Q is null ? null : LikePatterns.Escape(query.Q.Trim()),
                afterKey = after?.SortKey,
                afterId = after?.Id,
                take,
            },
            cancellationToken: ct));
        return rows.AsList();
    }

    public static RecordSummary ToSummary(RecordListRow row) => Read<RecordSummary>(row.Document);

    public static async Task<Record?> FindAsync(
        IDbConnection connection, ResourceRef reference, IDbTransaction? transaction = null, CancellationToken ct = default) =>
        await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT record_document(r)::text FROM records r WHERE {reference.Condition("r")} AND r.deleted_at IS NULL",
            reference.Parameters,
            transaction,
            cancellationToken: ct)) is { } document ? Read<Record>(document) : null;

    /// <summary>
    /// The record with its agreement with the data, both read from one snapshot: the caller's transaction,
    /// or a repeatable-read one of its own.
    /// </summary>
    public static async Task<Record?> FindWithAgreementAsync(
        NpgsqlConnection connection, ResourceRef target, NpgsqlTransaction? transaction, HttpContext http, CancellationToken ct)
    {
        await using var snapshot = transaction is null ? await Transactions.BeginAsync(connection, ct, IsolationLevel.RepeatableRead, readOnly: true) : null;
        var inSnapshot = transaction ?? snapshot!;
        return await FindAsync(connection, target, inSnapshot, ct) is { } found
            ? await WithAgreementAsync(connection, inSnapshot, found, http.RequestServices.GetRequiredService<TimeProvider>(), ct)
            : null;
    }

    /// <summary>For a record with a metric: does its current holding name today's computed leader?</summary>
    public static async Task<Record> WithAgreementAsync(
        IDbConnection connection, IDbTransaction transaction, Record record, TimeProvider time, CancellationToken ct)
    {
        if (record.Metric is null || Metric.Find(record.Metric) is not { } metric)
        {
            return record;
        }

        var leaders = await LeaderboardsStore.LeadersAsync(connection, metric, Boundaries.Karman, LeaderboardDates.Today(time), transaction, ct);
        var agrees = record.Current is { } current && leaders.Any(leader =>
            current.People.Any(person => person.Id == leader.PersonId)
            && (current.Mission is null || current.Mission.Id == leader.MissionId || current.Mission.Id == leader.LandingMissionId));
        return record with { AgreesWithData = agrees, ComputedLeader = agrees ? null : leaders.FirstOrDefault()?.ToStanding(metric) };
    }

    /// <summary>The version, and for a record with a metric the computed agreement too: it changes without a write.</summary>
    public static string ETagOf(Record record) =>
        record.Metric is null
            ? Preconditions.ETagFor(record.Version)
            : Preconditions.ETagFor(record.Version, JsonSerializer.Serialize(new { record.AgreesWithData, record.ComputedLeader }));

    /// <summary>
    /// Locks a live record against other writes until the transaction ends, then reads what a write
    /// must check. The count is a statement of its own, so it sees what the lock waited for.
    /// </summary>
    public static async Task<LockedRecord?> LockAsync(Write write, ResourceRef reference)
    {
        var id = await write.Connection.QuerySingleOrDefaultAsync<long?>(write.Command(
            $"SELECT r.id FROM records r WHERE {reference.Condition("r")} AND r.deleted_at IS NULL FOR NO KEY UPDATE",
            reference.Parameters));
        return id is null ? null : await write.Connection.QuerySingleAsync<LockedRecord>(write.Command(
            """
            SELECT r.id, r.version, r.category, (SELECT count(*) FROM holdings h WHERE h.record_id = r.id)::int AS holdings
            FROM records r WHERE r.id = @id
            """,
            new { id }));
    }

    /// <summary>How many holdings a record locked by the write has: a statement of its own, so it sees what the lock waited for.</summary>
    private static Task<int> HoldingsAsync(Write write, long id) =>
        write.Connection.ExecuteScalarAsync<int>(write.Command("SELECT count(*)::int FROM holdings WHERE record_id = @id", new { id }));

    /// <summary>
    /// Finds the live mission and people a holding names. Returns their ids, or the references that
    /// name nothing or name a person twice, keyed by JSON field (mission, people[i]).
    /// </summary>
    public static async Task<ResolvedReferences> ResolveAsync(Write write, HoldingRequest holding)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        long? missionId = null;
        if (holding.Mission is not null)
        {
            var mission = ResourceRef.Parse(holding.Mission);
            missionId = await write.Connection.QuerySingleOrDefaultAsync<long?>(write.Command(
                $"SELECT m.id FROM missions m WHERE {mission.Condition("m")} AND m.deleted_at IS NULL",
                mission.Parameters));
            if (missionId is null)
            {
                errors["mission"] = [$"No mission has the id or slug '{holding.Mission}'."];
            }
        }

        var references = (holding.People ?? []).Select(ResourceRef.Parse).ToArray();
        var found = (await write.Connection.QueryAsync<long?>(write.Command(
            """
            SELECT p.id
            FROM unnest(@ids::bigint[], @slugs::text[]) WITH ORDINALITY AS ref (id, slug, position)
            LEFT JOIN LATERAL (
                SELECT p.id FROM people p WHERE (p.id = ref.id OR p.slug = ref.slug) AND p.deleted_at IS NULL
            ) p ON true
            ORDER BY ref.position
            """,
            new { ids = references.Select(r => r.Id).ToArray(), slugs = references.Select(r => r.Slug).ToArray() }))).ToArray();
        for (var i = 0; i < found.Length; i++)
        {
            if (found[i] is null)
            {
                errors[$"people[{i}]"] = [$"No person has the id or slug '{holding.People![i]}'."];
            }
            else if (Array.IndexOf(found, found[i]) < i)
            {
                errors[$"people[{i}]"] = [$"Names the same person as people[{Array.IndexOf(found, found[i])}]."];
            }
        }

        return new ResolvedReferences(missionId, [.. found.OfType<long>().Distinct()], errors);
    }

    /// <summary>Appends a holding to a locked record and bumps the record's version; returns the holding's id.</summary>
    public static async Task<long> AddHoldingAsync(Write write, long recordId, HoldingRequest holding, ResolvedReferences references)
    {
        var id = await write.Connection.ExecuteScalarAsync<long>(write.Command(
            """
            WITH holding AS (
                INSERT INTO holdings (record_id, achieved_on, mission_id, value, unit, notes, sources)
                VALUES (@recordId, @achievedOn, @missionId, @value, @unit, @notes, @sources)
                RETURNING id
            ),
            holders AS (
                INSERT INTO holding_people (holding_id, position, person_id)
                SELECT holding.id, person.position, person.id
                FROM holding, unnest(@people::bigint[]) WITH ORDINALITY AS person (id, position)
            )
            SELECT id FROM holding
            """,
            new
            {
                recordId,
                achievedOn = holding.AchievedOn,
                missionId = references.MissionId,
                value = holding.Value,
                unit = holding.Unit,
                notes = holding.Notes,
                sources = (holding.Sources ?? []).ToArray(),
                people = references.People,
            }));
        await write.Connection.ExecuteAsync(write.Command(
            "UPDATE records SET version = version + 1, updated_at = now() WHERE id = @recordId",
            new { recordId }));
        return id;
    }

    public static async Task<Holding?> FindHoldingAsync(
        IDbConnection connection, ResourceRef record, long holdingId, IDbTransaction? transaction = null, CancellationToken ct = default)
    {
        var parameters = new DynamicParameters(record.Parameters);
        parameters.Add("holdingId", holdingId);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"""
            SELECT holding_document(h)::text
            FROM holdings h JOIN records r ON r.id = h.record_id
            WHERE h.id = @holdingId AND {record.Condition("r")} AND r.deleted_at IS NULL
            """,
            parameters,
            transaction,
            cancellationToken: ct)) is { } document ? Read<Holding>(document) : null;
    }

    private static T Read<T>(string document) =>
        JsonSerializer.Deserialize<T>(document, DocumentJson)
        ?? throw new InvalidOperationException($"The database rendered an empty {typeof(T).Name}.");

    private static JsonSerializerOptions ReadOptions()
    {
        var options = new JsonSerializerOptions();
        JsonSetup.Configure(options);
        return options;
    }

    /// <summary>The columns a record request writes, normalised as stored; the importer sends the same values.</summary>
    internal static object Parameters(RecordRequest record, string? slug) => new
    {
        slug,
        title = record.Title,
        category = record.Category,
        description = record.Description,
        metric = record.Metric,
        sources = (record.Sources ?? []).ToArray(),
    };
}

/// <summary>What a holding's references name: the mission's and people's ids, or what named nothing.</summary>
internal sealed record ResolvedReferences(long? MissionId, long[] People, IReadOnlyDictionary<string, string[]> Errors);
