using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Resources;

/// <summary>One revision of a resource: the version it produced, what happened, who did it, and the document after it.</summary>
public sealed record Revision(long Sequence, int Version, string Operation, DateTime ChangedAt, string ChangedBy, JsonElement Data);

public static class HistoryEndpoint
{
    /// <summary>GET {ref}/history for a resource: every revision, oldest first, paged; kept after a delete.</summary>
    public static RouteHandlerBuilder MapHistory(this RouteGroupBuilder group, ResourceKind kind) =>
        group.MapGet("/{ref}/history", ([Description("The id or slug.")] string @ref, [AsParameters] PageRequest page, HttpContext http, NpgsqlDataSource db, KeysetPager pager, CancellationToken ct) =>
                GetHistory(kind, @ref, page, http, db, pager, ct))
            .Describe($"Get{ResourceEndpoints.Pascal(kind.Singular)}History", $"Every revision of a {kind.Singular}",
                $"Each create, update and delete of the {kind.Singular}, oldest first, with who made it and the full document after it. Deleted {kind.Name} keep their history.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Page<Revision>>, ProblemHttpResult>> GetHistory(
        ResourceKind kind, string @ref, PageRequest page, HttpContext http, NpgsqlDataSource db, KeysetPager pager, CancellationToken ct)
    {
        var scope = $"{kind.Name}/history/{@ref}";
        if (!pager.TryStart(page, scope, out var after, out var problem))
        {
            return problem!;
        }

        var target = ResourceRef.Parse(@ref);
        await using var connection = await db.OpenForAsync(http, ct);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            $"SELECT id FROM {kind.Table} r WHERE {target.Condition("r")}", target.Parameters, cancellationToken: ct));
        if (id is null)
        {
            return ApiProblems.NotFound(kind.Singular, @ref);
        }

        // Number first, so every revision committed before this request shows its sequence. The writes of one
        // resource take turns on its row, so its numbered revisions are always the first ones by id: one that
        // commits after the numbering is left for the next request, and no page skips it.
        await RevisionNumbering.NumberAsync(connection, ct);
        var rows = (await connection.QueryAsync<RevisionRow>(new CommandDefinition(
            """
            SELECT id, sequence, version, operation, changed_at, changed_by, data::text AS data
            FROM revisions
            WHERE resource = @resource AND resource_id = @id AND id > @after AND sequence IS NOT NULL
            ORDER BY id
            LIMIT @take
            """,
            new { resource = kind.Name, id, after = after?.Id ?? 0, take = page.Size + 1 },
            cancellationToken: ct))).AsList();
        return pager.Finish(http, rows, page, scope, row => row.ToRevision());
    }
}

/// <summary>
/// A revision row as PostgreSQL returns it, for a resource's /history and for the changes feed (which
/// also reads which resource it belongs to).
/// </summary>
internal sealed class RevisionRow : IKeysetRow
{
    /// <summary>The revision's own key, which /history pages follow: the order its resource's writes happened in.</summary>
    public long Id { get; init; }

    public long Sequence { get; init; }

    /// <summary>The kind of resource (people, missions, records): read by the changes feed.</summary>
    public string Resource { get; init; } = "";

    public long ResourceId { get; init; }

    public int Version { get; init; }

    public string Operation { get; init; } = "";

    public DateTime ChangedAt { get; init; }

    public string ChangedBy { get; init; } = "";

    public string Data { get; init; } = "{}";

    public string SortKey => "";

    /// <summary>The document after the change, parsed once for whichever contract shows it.</summary>
    public JsonElement Document()
    {
        using var document = JsonDocument.Parse(Data);
        return document.RootElement.Clone();
    }

    public Revision ToRevision() => new(Sequence, Version, Operation, ChangedAt, ChangedBy, Document());
}
