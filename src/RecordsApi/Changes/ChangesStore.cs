using RecordsApi.Resources;

namespace RecordsApi.Changes;

/// <summary>The SQL of the changes feed.</summary>
internal static class ChangesStore
{
    /// <summary>
    /// The numbered revisions after a sequence, in order; the unique index on sequence serves it.
    /// Revisions get their numbers after they commit, from number_revisions()
    /// (0040_unserialised_revisions.sql), one batch at a time under a row lock held until the batch
    /// commits: a number becomes visible only with or after every lower one, so reading "after n"
    /// never skips a revision, however late it committed. A revision not numbered yet is not listed
    /// (callers number first, <see cref="RevisionNumbering"/>).
    /// </summary>
    public static async Task<List<RevisionRow>> ListAsync(NpgsqlConnection connection, long after, int take, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<RevisionRow>(new CommandDefinition(
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
