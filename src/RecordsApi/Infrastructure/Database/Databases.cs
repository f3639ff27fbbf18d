namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// Which pool a list reads from. The main pool prepares the statements it runs often, which lets
/// PostgreSQL switch them to one generic plan for any parameters: right for lookups, pages and
/// leaderboards, wrong for a fuzzy search, whose plan depends on the words searched (generically
/// planned, the expansion of a word into the words it matches scans every word instead of using the
/// trigram index: 0.1 ms became 4 ms at 974 words, and searches fell from 400 to 229 a second).
/// Searches therefore run on a pool that never prepares, and are planned for their own words. (The people
/// search is one function call that plans its own statements for each search; it reads from the main pool.)
/// </summary>
public sealed class Databases(NpgsqlDataSource main, [FromKeyedServices(Databases.Searches)] NpgsqlDataSource searches)
{
    public const string Searches = "searches";

    /// <summary>The pool for a list: the unprepared one when it searches (<paramref name="q"/> given).</summary>
    public NpgsqlDataSource ForList(string? q) => q is null ? main : searches;
}
