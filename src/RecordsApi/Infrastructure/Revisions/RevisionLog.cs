using System.Data;
using Dapper;
using RecordsApi.Infrastructure.Idempotency;

namespace RecordsApi.Infrastructure.Revisions;

/// <summary>A resource as the revision log knows it: its name, its table and the SQL function that renders its document.</summary>
public sealed record ResourceKind(string Name, string Singular, string Table, string DocumentFunction);

/// <summary>
/// Every write appends one revision in the same transaction: who, when, what, and the document as
/// stored after the write, rendered by the database from the row itself.
/// </summary>
public static class RevisionLog
{
    public static async Task AppendAsync(IDbConnection connection, IDbTransaction transaction, ResourceKind kind, long id, string operation, string changedBy)
    {
        var revision = await connection.ExecuteScalarAsync<long?>(
            $"""
            SELECT append_revision(@resource, r.id, r.version, @operation, @changedBy, {kind.DocumentFunction}(r))
            FROM {kind.Table} r WHERE r.id = @id
            """,
            new { resource = kind.Name, operation, changedBy, id },
            transaction);
        if (revision is { } appended)
        {
            // A request holding an Idempotency-Key commits its write only while it still holds the key.
            await IdempotencyClaim.RecordWriteAsync(connection, transaction, appended);
        }
    }

    /// <summary>Who made a change: the authenticated caller's name, or anonymous.</summary>
    public static string ChangedBy(HttpContext http) => http.User.Identity?.Name ?? "anonymous";
}
