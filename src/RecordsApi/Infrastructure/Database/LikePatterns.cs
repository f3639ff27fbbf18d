namespace RecordsApi.Infrastructure.Database;

/// <summary>LIKE patterns from client text: its wildcards are matched literally.</summary>
public static class LikePatterns
{
    /// <summary>Escapes \, % and _ for a LIKE pattern (PostgreSQL's default escape character is \).</summary>
    public static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>
    /// A fuzzy search of the search_text of table <paramref name="alias"/>: word similarity finds misspellings
    /// (soyuz ms18 → Soyuz MS-18), the substring match short fragments. Binds @q and @qLike (q, <see cref="Escape"/>d).
    /// </summary>
    public static string MatchesSearchText(string alias) =>
        $"(search_form(@q) <% {alias}.search_text OR {alias}.search_text LIKE '%' || search_form(@qLike) || '%')";
}
