namespace RecordsApi.Resources;

/// <summary>A resource as the revision log knows it: its name, its table and the SQL function that renders its document.</summary>
public sealed record ResourceKind(string Name, string Singular, string Table, string DocumentFunction);

/// <summary>Who makes a write, as its revision records it.</summary>
public sealed record RevisionAuthor(string Name)
{
    /// <summary>The authenticated caller, or anonymous.</summary>
    public static RevisionAuthor Of(HttpContext http) => new(http.User.Identity?.Name ?? "anonymous");
}

/// <summary>
/// Every write appends one revision in the same transaction: who, when, what, and the document as
/// stored after the write, rendered by the database from the row itself.
/// </summary>
public static class RevisionLog
{
    /// <summary>Appends the revision of row <paramref name="id"/> as it stands; returns the revision's id, or null when there is no such row.</summary>
    public static Task<long?> AppendAsync(IDbConnection connection, IDbTransaction transaction, ResourceKind kind, long id, string operation, RevisionAuthor author, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"""
            SELECT append_revision(@resource, r.id, r.version, @operation, @changedBy, {kind.DocumentFunction}(r))
            FROM {kind.Table} r WHERE r.id = @id
            """,
            new { resource = kind.Name, operation, changedBy = author.Name, id },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>
    /// Runs <paramref name="change"/>, an INSERT into or UPDATE of the table of <paramref name="kind"/> aliased
    /// <c>r</c> that changes one row, and appends that row's revision in the same statement, its document
    /// rendered from the row the change returns: one round trip, where a change and then its revision took two
    /// (docs/performance.md, "Writes"). Returns the row's id and its revision's, or null when the change touched no row (nothing appended).
    /// </summary>
    public static async Task<(long Id, long Revision)?> ChangeAsync(
        IDbConnection connection, IDbTransaction transaction, ResourceKind kind, string change, DynamicParameters parameters, string operation, RevisionAuthor author, CancellationToken cancellationToken)
    {
        parameters.Add("revisionResource", kind.Name);
        parameters.Add("revisionOperation", operation);
        parameters.Add("revisionChangedBy", author.Name);
        var changed = await connection.QuerySingleOrDefaultAsync<ChangedRow>(new CommandDefinition(
            $"""
            WITH changed AS ({change} RETURNING r.id, r.version, {kind.DocumentFunction}(r) AS document)
            SELECT c.id, append_revision(@revisionResource, c.id, c.version, @revisionOperation, @revisionChangedBy, c.document) AS revision
            FROM changed c
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken));
        return changed is null ? null : (changed.Id, changed.Revision);
    }

    private sealed class ChangedRow
    {
        public long Id { get; init; }

        public long Revision { get; init; }
    }
}
