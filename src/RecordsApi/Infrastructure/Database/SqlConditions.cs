namespace RecordsApi.Infrastructure.Database;

/// <summary>The WHERE of a list query: conditions joined with AND, each added only when its filter was given.</summary>
public sealed class SqlConditions(string always)
{
    private readonly List<string> conditions = [always];

    /// <summary>Adds <paramref name="condition"/> when <paramref name="given"/>.</summary>
    public SqlConditions When(bool given, string condition)
    {
        if (given)
        {
            conditions.Add(condition);
        }

        return this;
    }

    public SqlConditions Add(string condition) => When(true, condition);

    public override string ToString() => string.Join(" AND ", conditions);
}
