namespace RecordsApi.Infrastructure.Database;

/// <summary>LIKE patterns from client text: its wildcards are matched literally.</summary>
public static class LikePatterns
{
    /// <summary>Escapes \, % and _ for a LIKE pattern (PostgreSQL's default escape character is \).</summary>
    public static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
