namespace RecordsApi.Infrastructure.Paging;

/// <summary>
/// One way a list can be ordered: a SQL key expression (matching an index) and a direction, with the
/// row id breaking ties. Expressions are constants in code, never client input.
/// </summary>
public sealed record KeysetOrder(string Name, string KeyExpression, string KeyType, bool Descending = false)
{
    /// <summary>ORDER BY clause for this order, ids tie-broken in the same direction so an index serves both.</summary>
    public string OrderBy(string idColumn) => OrderBy(KeyExpression, idColumn);

    /// <summary>ORDER BY over a column that already holds the key (a CTE's), optionally reversed.</summary>
    public string OrderBy(string keyColumn, string idColumn, bool reversed = false) =>
        Descending != reversed ? $"{keyColumn} DESC, {idColumn} DESC" : $"{keyColumn}, {idColumn}";

    /// <summary>The predicate that starts a page after @afterKey/@afterId (a row comparison an index can seek to).</summary>
    public string After(string idColumn) =>
        $"({KeyExpression}, {idColumn}) {(Descending ? "<" : ">")} (CAST(@afterKey AS {KeyType}), @afterId)";

    /// <summary>The predicate for rows after a row whose key and id are held in other columns (a CTE's).</summary>
    public string AfterRow(string idColumn, string keyColumn, string rowIdColumn) =>
        $"({KeyExpression}, {idColumn}) {(Descending ? "<" : ">")} ({keyColumn}, {rowIdColumn})";

    /// <summary>The key as text, selected with each row so the next cursor can be made from the last one.</summary>
    public string KeyAsText => $"({KeyExpression})::text";
}
