namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// Names no other test uses: tests share a database and keep out of each other's way by making rows of
/// their own, and a name with a random tail finds exactly those rows again.
/// </summary>
public static class TestNames
{
    /// <summary>The prefix, a space and eight random hex digits: a person's or mission's name, a record's title.</summary>
    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>The same joined by a hyphen, where a space is not allowed: API key names, slugs, occupations.</summary>
    public static string UniqueSlug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
