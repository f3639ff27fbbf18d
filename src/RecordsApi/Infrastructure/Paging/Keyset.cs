namespace RecordsApi.Infrastructure.Paging;

/// <summary>
/// One way a list can be ordered: a SQL key expression (matching an index) and a direction, with the
/// row id breaking ties. Expressions are constants in code, never client input.
/// </summary>
public sealed record KeysetOrder(string Name, string KeyExpression, string KeyType, bool Descending = false)
{
    /// <summary>ORDER BY clause for this order, ids tie-broken in the same direction so an index serves both.</summary>
    public string OrderBy(string idColumn) =>
        Descending ? $"{KeyExpression} DESC, {idColumn} DESC" : $"{KeyExpression}, {idColumn}";

    /// <summary>The predicate that starts a page after @afterKey/@afterId (a row comparison an index can seek to).</summary>
    public string After(string idColumn) =>
        $"({KeyExpression}, {idColumn}) {(Descending ? "<" : ">")} (CAST(@afterKey AS {KeyType}), @afterId)";

    /// <summary>The key as text, selected with each row so the next cursor can be made from the last one.</summary>
    public string KeyAsText => $"({KeyExpression})::text";
}
