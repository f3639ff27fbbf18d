using RecordsApi.Infrastructure.Idempotency;

namespace RecordsApi.Resources;

/// <summary>A resource as the revision log knows it: its name, its table and the SQL function that renders its document.</summary>
public sealed record ResourceKind(string Name, string Singular, string Table, string DocumentFunction);

/// <summary>Who makes a write, as its revision records it, and the Idempotency-Key claim it must commit under, if any.</summary>
public sealed record RevisionAuthor(string Name, IdempotencyClaim? Claim)
{
    /// <summary>The authenticated caller (or anonymous) and the key this request holds.</summary>
    public static RevisionAuthor Of(HttpContext http) => new(http.User.Identity?.Name ?? "anonymous", IdempotencyClaim.Of(http));
}

/// <summary>
/// Every write appends one revision in the same transaction: who, when, what, and the document as
/// stored after the write, rendered by the database from the row itself.
/// </summary>
public static class RevisionLog
{
    public static async Task AppendAsync(IDbConnection connection, IDbTransaction transaction, ResourceKind kind, long id, string operation, RevisionAuthor author, CancellationToken cancellationToken)
    {
        var revision = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"""
            SELECT append_revision(@resource, r.id, r.version, @operation, @changedBy, {kind.DocumentFunction}(r))
            FROM {kind.Table} r WHERE r.id = @id
            """,
            new { resource = kind.Name, operation, changedBy = author.Name, id },
            transaction,
            cancellationToken: cancellationToken));
        if (revision is { } appended && author.Claim is { } claim)
        {
            // A request holding an Idempotency-Key commits its write only while it still holds the key.
            await claim.RecordWriteAsync(connection, transaction, appended);
        }
    }
}
