namespace RecordsApi.Resources;

/// <summary>
/// Deletes never leave references dangling. Before a soft delete the row is locked, then the
/// live_references view (one branch per kind of reference, see the migrations) names whatever
/// still refers to it. Writes that add a reference lock the referred row too, so they either
/// committed before (and are seen here) or wait, and then find the row deleted.
/// </summary>
public static class LiveReferences
{
    /// <summary>
    /// Why the resource cannot be deleted, such as "yulia-peresild is crew of soyuz-ms-18, soyuz-ms-19";
    /// null when nothing refers to it or it does not exist. Locks the row until the transaction ends.
    /// </summary>
    public static async Task<string?> BlockingDeleteAsync(Write write, ResourceKind kind, ResourceRef target)
    {
        var row = await write.Connection.QuerySingleOrDefaultAsync<LockedRow>(write.Command(
            $"SELECT r.id, r.slug FROM {kind.Table} r WHERE {target.Condition("r")} AND r.deleted_at IS NULL FOR UPDATE",
            target.Parameters));
        if (row is null)
        {
            return null;
        }

        // A statement of its own, so it sees every reference committed before the lock was granted.
        var references = (await write.Connection.QueryAsync<string>(write.Command(
            """
            SELECT relation || ' ' || string_agg(referrer, ', ' ORDER BY referrer)
            FROM live_references
            WHERE resource = @resource AND resource_id = @id
            GROUP BY relation
            ORDER BY relation
            """,
            new { resource = kind.Name, id = row.Id }))).AsList();
        return references.Count == 0 ? null : $"{row.Slug} {string.Join("; ", references)}";
    }

    private sealed class LockedRow
    {
        public long Id { get; init; }

        public string Slug { get; init; } = "";
    }
}
