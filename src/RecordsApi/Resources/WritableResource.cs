using Microsoft.AspNetCore.Http.HttpResults;
using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Resources;

/// <summary>
/// What a resource supplies to the shared write path (<see cref="ResourceWrites"/>): its kind; the
/// columns a request writes ("slug, name, native_name, …"), each bound to the parameter of its
/// camelCase name that Parameters gives; the requested slug and what a slug is made from without one
/// (the name or the title); and how a written row reads back as the API shows it, with its id and ETag.
/// </summary>
public sealed record WritableResource<TRequest, TResource>(
    ResourceKind Kind,
    string Columns,
    Func<TRequest, string?, object> Parameters,
    Func<TRequest, string?> Slug,
    Func<TRequest, string> SlugSource,
    Func<Write, long, Task<TResource>> ReadAsync,
    Func<TResource, long> Id,
    Func<TResource, string> ETag)
{
    private readonly string[] columns = [.. Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The field <see cref="SlugSource"/> reads, as a 409 names it: name or title.</summary>
    public string SlugSourceName { get; init; } = "name";

    /// <summary>What a replace must not do although If-Match holds (such as a 'first' record with two holdings): a problem, or null.</summary>
    public Func<Write, long, TRequest, Task<ProblemHttpResult?>>? RefuseReplace { get; init; }

    internal string InsertSql =>
        $"INSERT INTO {Kind.Table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + Parameter(c)))}) RETURNING id";

    /// <summary>Every writable column from the request; an omitted slug keeps the current one. The version goes up.</summary>
    internal string UpdateSql =>
        $"""
        UPDATE {Kind.Table} r SET
            {string.Join(", ", columns.Select(c => c == "slug" ? "slug = coalesce(@slug, r.slug)" : $"{c} = @{Parameter(c)}"))},
            version = r.version + 1, updated_at = now()
        WHERE r.id = @id
        """;

    internal bool IsSlugTaken(Exception exception) => DatabaseErrors.IsUniqueViolation(exception, $"{Kind.Table}_slug");

    /// <summary>native_name → nativeName.</summary>
    private static string Parameter(string column)
    {
        var words = column.Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }
}
