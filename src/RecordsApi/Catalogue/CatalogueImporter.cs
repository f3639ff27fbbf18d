using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Idempotency;
using RecordsApi.Missions;
using RecordsApi.People;
using RecordsApi.Records;
using RecordsApi.Resources;

namespace RecordsApi.Catalogue;

/// <summary>What an import came to: a summary, or the lines that stopped it (nothing written).</summary>
internal sealed record ImportOutcome(ImportSummary? Summary, IReadOnlyList<LineProblem> Problems);

/// <summary>
/// Loads a checked batch in one transaction: people, then missions with their crews, then records with
/// their holdings, each upserted by slug. A row whose stored values already match is left alone (no new
/// version, no revision), so a second run of the same input changes nothing. Every created or updated
/// resource gets one revision, as an API write would. All or nothing: any refused line, and nothing is
/// written; a dry run does everything, reports, and rolls back.
/// </summary>
internal static class CatalogueImporter
{
    private const long ImportLockKey = 0x436174616c6f67; // "Catalog"

    /// <summary>The catalogue's own JSON (roles by their wire names), for the rows sent to PostgreSQL as JSON.</summary>
    private static readonly JsonSerializerOptions RowJson = CatalogueReader.CreateOptions();

    /// <summary>The API's parameters (nativeName) as the table's columns (native_name).</summary>
    private static readonly JsonSerializerOptions ColumnJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<ImportOutcome> ImportAsync(
        NpgsqlDataSource db, CatalogueBatch batch, RevisionAuthor author, IdempotencyClaim? claim, string contentHash, bool dryRun, CancellationToken ct)
    {
        var changedBy = author.Name;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await Transactions.BeginAsync(connection, ct);
        // One import at a time; a whole catalogue refreshes every leaderboard standing, which takes a while.
        await connection.ExecuteAsync("SET LOCAL statement_timeout = '10min'", transaction: transaction);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@ImportLockKey)", new { ImportLockKey }, transaction);

        // Every refused line at once: those that did not read well, and those that name what nobody has.
        var problems = (await CheckAsync(connection, transaction, batch)).Concat(batch.Problems)
            .OrderBy(p => p.Source, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
        if (problems.Count > 0)
        {
            return new ImportOutcome(null, problems);
        }

        var changes = new List<ImportChange>();
        var revisions = new List<long>();
        var people = await UpsertPeopleAsync(connection, transaction, batch, changedBy, changes, revisions);
        var missions = await UpsertMissionsAsync(connection, transaction, batch, changedBy, changes, revisions);
        var records = await UpsertRecordsAsync(connection, transaction, batch, changedBy, changes, revisions);
        var summary = new ImportSummary(dryRun, changes.Count > 0, people, missions, records, changes);
        if (dryRun)
        {
            await transaction.RollbackAsync(ct);
            return new ImportOutcome(summary, []);
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO catalogue_imports (content_hash, complete_to, imported_by, created, updated, unchanged)
            VALUES (@contentHash, @completeTo, @changedBy, @created, @updated, @unchanged)
            """,
            new
            {
                contentHash,
                completeTo = batch.CompleteTo,
                changedBy,
                created = people.Created + missions.Created + records.Created,
                updated = people.Updated + missions.Updated + records.Updated,
                unchanged = people.Unchanged + missions.Unchanged + records.Unchanged,
            },
            transaction);
        if (claim is { } held)
        {
            // The answer commits with the import, so a retry with the key replays it whatever fails after the commit.
            await held.StoreAnswerAsync(TypedResults.Ok(summary), connection, transaction, revisions.Count > 0 ? revisions[^1] : null, ct);
        }

        await transaction.CommitAsync(ct);
        return new ImportOutcome(summary, []);
    }

    /// <summary>The hash a start-up import compares with the last one loaded.</summary>
    public static Task<bool> WasImportedAsync(NpgsqlConnection connection, string contentHash) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM catalogue_imports WHERE content_hash = @contentHash)", new { contentHash });

    /// <summary>Slugs used twice, and references to people or missions neither in the batch nor stored.</summary>
    private static async Task<List<LineProblem>> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CatalogueBatch batch)
    {
        var problems = new List<LineProblem>();
        var people = FirstPlaces(batch.People.Select(p => (p.Person.Slug!, p.Place)), problems);
        var missions = FirstPlaces(batch.Missions.Select(m => (m.Mission.Slug!, m.Place)), problems);
        FirstPlaces(batch.Records.Select(r => (r.Record.Slug!, r.Place)), problems);

        var wantedPeople = batch.Missions.SelectMany(m => m.Crew.Select(c => c.Person!))
            .Concat(batch.Records.SelectMany(r => r.Holdings.SelectMany(h => h.People ?? [])))
            .Where(slug => !people.ContainsKey(slug)).Distinct().ToArray();
        var wantedMissions = batch.Records.SelectMany(r => r.Holdings.Select(h => h.Mission))
            .OfType<string>().Where(slug => !missions.ContainsKey(slug)).Distinct().ToArray();
        var storedPeople = (await connection.QueryAsync<string>(
            "SELECT slug FROM people WHERE slug = ANY(@wantedPeople) AND deleted_at IS NULL", new { wantedPeople }, transaction)).ToHashSet();
        var storedMissions = (await connection.QueryAsync<string>(
            "SELECT slug FROM missions WHERE slug = ANY(@wantedMissions) AND deleted_at IS NULL", new { wantedMissions }, transaction)).ToHashSet();
        bool KnownPerson(string slug) => people.ContainsKey(slug) || storedPeople.Contains(slug);
        bool KnownMission(string slug) => missions.ContainsKey(slug) || storedMissions.Contains(slug);

        foreach (var mission in batch.Missions)
        {
            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < mission.Crew.Count; i++)
            {
                if (!KnownPerson(mission.Crew[i].Person!))
                {
                    errors[$"crew[{i}].person"] = [$"No person has the slug '{mission.Crew[i].Person}', here or in the data."];
                }
            }

            Report(problems, mission.Place, mission.Mission.Slug, errors);
        }

        foreach (var record in batch.Records)
        {
            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < record.Holdings.Count; i++)
            {
                var holding = record.Holdings[i];
                if (holding.Mission is { } slug && !KnownMission(slug))
                {
                    errors[$"holdings[{i}].mission"] = [$"No mission has the slug '{slug}', here or in the data."];
                }

                var holders = holding.People ?? [];
                for (var j = 0; j < holders.Count; j++)
                {
                    if (!KnownPerson(holders[j]))
                    {
                        errors[$"holdings[{i}].people[{j}]"] = [$"No person has the slug '{holders[j]}', here or in the data."];
                    }
                }
            }

            Report(problems, record.Place, record.Record.Slug, errors);
        }

        return [.. problems.OrderBy(p => p.Source, StringComparer.Ordinal).ThenBy(p => p.Line)];
    }

    private static Dictionary<string, LinePlace> FirstPlaces(IEnumerable<(string Slug, LinePlace Place)> lines, List<LineProblem> problems)
    {
        var first = new Dictionary<string, LinePlace>(StringComparer.Ordinal);
        foreach (var (slug, place) in lines)
        {
            if (!first.TryAdd(slug, place))
            {
                Report(problems, place, slug, new() { ["slug"] = [$"Is already used by the line at {first[slug]}."] });
            }
        }

        return first;
    }

    private static void Report(List<LineProblem> problems, LinePlace place, string? slug, Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            problems.Add(new LineProblem(place.Source, place.Line, slug, errors));
        }
    }

    private static async Task<ImportCounts> UpsertPeopleAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CatalogueBatch batch, string changedBy, List<ImportChange> changes, List<long> revisions)
    {
        var rows = batch.People.Select(p => PeopleStore.Parameters(p.Person, p.Person.Slug));
        var written = await UpsertAsync(connection, transaction, PeopleStore.Writable, rows, "i.slug");
        return await LogAsync(connection, transaction, PeopleStore.Kind, written, batch.People.Count, changedBy, changes, revisions);
    }

    /// <summary>
    /// Upserts every row by slug in one statement, with the columns the API writes for the resource: a new
    /// slug is inserted (in <paramref name="insertOrder"/>, so ids follow it), a changed or deleted row is
    /// updated (and undeleted) with a new version, an unchanged one is left alone. Answers what was written.
    /// </summary>
    private static async Task<List<Written>> UpsertAsync<TRequest, TResource>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, WritableResource<TRequest, TResource> resource, IEnumerable<object> rows, string insertOrder)
        where TRequest : IResourceRequest
        where TResource : IResource
    {
        var table = resource.Kind.Table;
        var columns = resource.ColumnNames;
        var values = columns.Where(c => c != "slug").ToList();
        static string Of(string alias, IEnumerable<string> names) => string.Join(", ", names.Select(name => $"{alias}.{name}"));

        // The rows arrive as JSON named like the table's columns, read with the table's own types.
        var written = await connection.QueryAsync<Written>(
            $"""
            WITH input AS (
                SELECT * FROM jsonb_populate_recordset(NULL::{table}, @rows::jsonb)
            ),
            updated AS (
                UPDATE {table} t SET
                    {string.Join(", ", values.Select(c => $"{c} = i.{c}"))},
                    deleted_at = NULL, version = t.version + 1, updated_at = now()
                FROM input i
                WHERE t.slug = i.slug
                  AND ({Of("t", values)}, t.deleted_at) IS DISTINCT FROM ({Of("i", values)}, NULL::timestamptz)
                RETURNING t.id, t.slug, 'update' AS operation
            ),
            inserted AS (
                INSERT INTO {table} ({string.Join(", ", columns)})
                SELECT {Of("i", columns)}
                FROM input i
                WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.slug = i.slug)
                ORDER BY {insertOrder}
                RETURNING id, slug, 'create' AS operation
            )
            SELECT id, slug, operation FROM inserted
            UNION ALL
            SELECT id, slug, operation FROM updated
            """,
            new { rows = JsonSerializer.Serialize(rows, ColumnJson) },
            transaction);
        return written.AsList();
    }

    private static async Task<ImportCounts> UpsertMissionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CatalogueBatch batch, string changedBy, List<ImportChange> changes, List<long> revisions)
    {
        var rows = batch.Missions.Select(m => MissionsStore.Parameters(m.Mission, m.Mission.Slug));
        var written = await UpsertAsync(connection, transaction, MissionsStore.Writable, rows, "i.launch_at, i.slug");

        // Each listed mission's crew becomes exactly its line's crew. A mission whose crew changed and
        // nothing else gets a new version too: its revision document includes the crew.
        var crew = batch.Missions.SelectMany(m => m.Crew.Select(c => new
        {
            mission = m.Mission.Slug,
            person = c.Person,
            role = c.Role!.Value,
            launched = c.Launched!.Value,
            landed = c.Landed!.Value,
        }));
        var crewChanged = (await connection.QueryAsync<long>(
            """
            WITH wanted AS (
                SELECT m.id AS mission_id, p.id AS person_id, w.role, w.launched, w.landed
                FROM jsonb_to_recordset(@crew::jsonb) AS w (mission text, person text, role text, launched boolean, landed boolean)
                JOIN missions m ON m.slug = w.mission
                JOIN people p ON p.slug = w.person
            ),
            removed AS (
                DELETE FROM crew_members c
                USING missions m
                WHERE m.slug = ANY(@missions) AND c.mission_id = m.id
                  AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.mission_id = c.mission_id AND w.person_id = c.person_id)
                RETURNING c.mission_id
            ),
            upserted AS (
                INSERT INTO crew_members AS c (mission_id, person_id, role, launched, landed)
                SELECT w.mission_id, w.person_id, w.role, w.launched, w.landed FROM wanted w
                ON CONFLICT (mission_id, person_id) DO UPDATE
                    SET role = excluded.role, launched = excluded.launched, landed = excluded.landed
                    WHERE (c.role, c.launched, c.landed) IS DISTINCT FROM (excluded.role, excluded.launched, excluded.landed)
                RETURNING c.mission_id
            )
            SELECT mission_id FROM removed
            UNION
            SELECT mission_id FROM upserted
            """,
            new { crew = JsonSerializer.Serialize(crew, RowJson), missions = batch.Missions.Select(m => m.Mission.Slug!).ToArray() },
            transaction)).ToHashSet();

        crewChanged.ExceptWith(written.Select(w => w.Id));
        if (crewChanged.Count > 0)
        {
            written.AddRange(await connection.QueryAsync<Written>(
                """
                UPDATE missions m SET version = m.version + 1, updated_at = now()
                WHERE m.id = ANY(@ids)
                RETURNING m.id, m.slug, 'update' AS operation
                """,
                new { ids = crewChanged.ToArray() },
                transaction));
        }

        return await LogAsync(connection, transaction, MissionsStore.Kind, written, batch.Missions.Count, changedBy, changes, revisions);
    }

    private static async Task<ImportCounts> UpsertRecordsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CatalogueBatch batch, string changedBy, List<ImportChange> changes, List<long> revisions)
    {
        var written = new List<Written>();
        foreach (var entry in batch.Records)
        {
            var fields = RecordsStore.Parameters(entry.Record, entry.Record.Slug);
            var stored = await connection.QuerySingleOrDefaultAsync<StoredRecord>(
                """
                SELECT r.id, (r.title, r.category, r.description, r.metric, r.sources, r.deleted_at)
                       IS NOT DISTINCT FROM (@title, @category, @description, @metric, @sources, NULL::timestamptz) AS same
                FROM records r WHERE r.slug = @slug
                FOR UPDATE
                """,
                fields,
                transaction);
            var holdings = entry.Holdings
                .Select((h, i) => (Holding: h, Index: i))
                .OrderBy(h => h.Holding.AchievedOn).ThenBy(h => h.Index)
                .Select(h => new
                {
                    achievedOn = h.Holding.AchievedOn,
                    mission = h.Holding.Mission,
                    people = h.Holding.People ?? [],
                    value = h.Holding.Value,
                    unit = h.Holding.Unit,
                    notes = h.Holding.Notes,
                    sources = h.Holding.Sources ?? [],
                })
                .ToList();
            var holdingsJson = JsonSerializer.Serialize(holdings, RowJson);

            long id;
            string? operation = null;
            if (stored is null)
            {
                id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO records (slug, title, category, description, metric, sources)
                    VALUES (@slug, @title, @category, @description, @metric, @sources)
                    RETURNING id
                    """,
                    fields,
                    transaction);
                operation = "create";
            }
            else
            {
                id = stored.Id;
                if (!stored.Same)
                {
                    operation = "update";
                }
            }

            var sameHoldings = operation == "create" && holdings.Count == 0 || await connection.ExecuteScalarAsync<bool>(
                """
                SELECT coalesce(jsonb_agg(jsonb_build_object(
                           'achievedOn', h.achieved_on,
                           'mission', m.slug,
                           'people', coalesce((
                               SELECT jsonb_agg(p.slug ORDER BY hp.position)
                               FROM holding_people hp JOIN people p ON p.id = hp.person_id
                               WHERE hp.holding_id = h.id), '[]'::jsonb),
                           'value', h.value,
                           'unit', h.unit,
                           'notes', h.notes,
                           'sources', to_jsonb(h.sources))
                       ORDER BY h.achieved_on, h.id), '[]'::jsonb) = @holdingsJson::jsonb
                FROM holdings h LEFT JOIN missions m ON m.id = h.mission_id
                WHERE h.record_id = @id
                """,
                new { id, holdingsJson },
                transaction);
            if (operation is null && sameHoldings)
            {
                continue;
            }

            await connection.ExecuteAsync(
                """
                UPDATE records r SET
                    title = @title, category = @category, description = @description, metric = @metric, sources = @sources,
                    deleted_at = NULL, version = r.version + CASE WHEN @created THEN 0 ELSE 1 END, updated_at = now()
                WHERE r.id = @id
                """,
                new { id, created = operation == "create", title = entry.Record.Title, category = entry.Record.Category,
                      description = entry.Record.Description, metric = entry.Record.Metric, sources = (entry.Record.Sources ?? []).ToArray() },
                transaction);
            if (!sameHoldings)
            {
                await connection.ExecuteAsync(
                    """
                    WITH old AS (SELECT h.id FROM holdings h WHERE h.record_id = @id),
                    gone_people AS (DELETE FROM holding_people hp USING old WHERE hp.holding_id = old.id)
                    DELETE FROM holdings h USING old WHERE h.id = old.id
                    """,
                    new { id },
                    transaction);
                await connection.ExecuteAsync(
                    """
                    WITH input AS (
                        SELECT i.*
                        FROM ROWS FROM (jsonb_to_recordset(@holdingsJson::jsonb) AS (
                            "achievedOn" date, mission text, people text[], value numeric, unit text, notes text, sources text[]))
                            WITH ORDINALITY AS i ("achievedOn", mission, people, value, unit, notes, sources, position)
                    ),
                    added AS (
                        INSERT INTO holdings (record_id, achieved_on, mission_id, value, unit, notes, sources)
                        SELECT @id, i."achievedOn", m.id, i.value, i.unit, i.notes, i.sources
                        FROM input i LEFT JOIN missions m ON m.slug = i.mission
                        ORDER BY i.position
                        RETURNING id, achieved_on
                    ),
                    numbered AS (
                        SELECT a.id, row_number() OVER (ORDER BY a.id) AS position FROM added a
                    )
                    INSERT INTO holding_people (holding_id, position, person_id)
                    SELECT nb.id, person.position, p.id
                    FROM numbered nb
                    JOIN input i ON i.position = nb.position
                    CROSS JOIN LATERAL unnest(i.people) WITH ORDINALITY AS person (slug, position)
                    JOIN people p ON p.slug = person.slug
                    """,
                    new { id, holdingsJson },
                    transaction);
            }

            written.Add(new Written(id, entry.Record.Slug!, operation ?? "update"));
        }

        return await LogAsync(connection, transaction, RecordsStore.Kind, written, batch.Records.Count, changedBy, changes, revisions);
    }

    /// <summary>One revision per created or updated row, in the order written; the counts of each kind.</summary>
    private static async Task<ImportCounts> LogAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ResourceKind kind,
        List<Written> written, int total, string changedBy, List<ImportChange> changes, List<long> revisions)
    {
        if (written.Count > 0)
        {
            revisions.AddRange(await connection.QueryAsync<long>(
                $"""
                SELECT append_revision(@resource, r.id, r.version, w.operation, @changedBy, {kind.DocumentFunction}(r))
                FROM unnest(@ids, @operations) WITH ORDINALITY AS w (id, operation, n)
                JOIN {kind.Table} r ON r.id = w.id
                ORDER BY w.n
                """,
                new { resource = kind.Name, changedBy, ids = written.Select(w => w.Id).ToArray(), operations = written.Select(w => w.Operation).ToArray() },
                transaction));
            changes.AddRange(written.Select(w => new ImportChange(kind.Singular, w.Slug, w.Operation)));
        }

        var created = written.Count(w => w.Operation == "create");
        return new ImportCounts(created, written.Count - created, total - written.Count);
    }

    /// <summary>A row an upsert wrote: its id and slug, and whether it was a create or an update.</summary>
    private sealed record Written(long Id, string Slug, string Operation);

    /// <summary>A record already stored, and whether its fields are the same as the line's.</summary>
    private sealed record StoredRecord(long Id, bool Same);
}
