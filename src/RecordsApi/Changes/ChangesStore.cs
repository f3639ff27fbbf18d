using Dapper;
using Npgsql;

namespace RecordsApi.Changes;

/// <summary>The SQL of the changes feed.</summary>
internal static class ChangesStore
{
    /// <summary>
    /// The revisions after a sequence, in order; the primary key on sequence serves it. Sequence numbers
    /// are handed out under a row lock held until commit (append_revision, 0001_foundation.sql), so a
    /// revision becomes visible only after every revision numbered before it: reading "after n" never
    /// skips one that commits late.
    /// </summary>
    public static async Task<List<ChangeRow>> ListAsync(NpgsqlConnection connection, long after, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ChangeRow>(new CommandDefinition(
            """
            SELECT sequence, resource, resource_id, version, operation, changed_at, changed_by, data::text AS data
            FROM revisions
            WHERE sequence > @after
            ORDER BY sequence
            LIMIT @take
            """,
            new { after, take },
            cancellationToken: cancellationToken))).AsList();
}
