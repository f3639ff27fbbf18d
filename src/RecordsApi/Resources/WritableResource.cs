using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Resources;

/// <summary>
/// Reads the resource <paramref name="target"/> names as the API shows it, inside
/// <paramref name="transaction"/> when there is one; null when there is none.
/// </summary>
public delegate Task<TResource?> ResourceFinder<TResource>(
    NpgsqlConnection connection, ResourceRef target, NpgsqlTransaction? transaction, HttpContext http, CancellationToken cancellationToken);

/// <summary>A request that makes or replaces a resource: the slug it asks for, and the text a slug is made from without one.</summary>
public interface IResourceRequest
{
    string? Slug { get; }

    /// <summary>The name or title.</summary>
    string SlugSource { get; }
}

/// <summary>A resource as the API shows it: its id, and the version its ETag is made from.</summary>
public interface IResource
{
    long Id { get; }

    int Version { get; }
}

/// <summary>
/// What a resource supplies to the shared read and write paths (<see cref="ResourceReads"/>,
/// <see cref="ResourceWrites"/>): its kind; the columns a request writes ("slug, name, native_name, …"),
/// each bound to the parameter of its camelCase name that Parameters gives; and how a row reads as the
/// API shows it (by a GET, and after a write).
/// </summary>
public sealed record WritableResource<TRequest, TResource>(
    ResourceKind Kind,
    string Columns,
    Func<TRequest, string?, object> Parameters,
    ResourceFinder<TResource> Find)
    where TRequest : IResourceRequest
    where TResource : IResource
{
    private readonly string[] columns = [.. Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The columns a request writes, slug first.</summary>
    internal IReadOnlyList<string> ColumnNames => columns;

    /// <summary>The field <see cref="IResourceRequest.SlugSource"/> reads, as a 409 names it: name or title.</summary>
    public string SlugSourceName { get; init; } = "name";

    /// <summary>
    /// The ETag of a representation that also shows data computed from other resources (a record's agreement
    /// with the leaderboards), for a resource that has one; null where the ETag is the version alone.
    /// </summary>
    public Func<TResource, string>? ComputedETag { get; init; }

    /// <summary>The ETag of a representation: its version, or the computed one.</summary>
    public string ETag(TResource resource) => ComputedETag is { } computed ? computed(resource) : Preconditions.ETagFor(resource.Version);

    /// <summary>
    /// The ETag the resource has now, inside a write that locked it at <paramref name="version"/>: what If-Match
    /// must hold. A computed ETag needs the representation read; a version ETag does not.
    /// </summary>
    internal async Task<string> CurrentETagAsync(Write write, long id, int version) =>
        ComputedETag is { } computed ? computed(await ReadAsync(write, id)) : Preconditions.ETagFor(version);

    /// <summary>What a replace must not do although If-Match holds (such as a 'first' record with two holdings): a problem, or null.</summary>
    public Func<Write, long, TRequest, Task<ProblemHttpResult?>>? RefuseReplace { get; init; }

    /// <summary>The row a write just made or changed, as the API shows it, read in the write's transaction.</summary>
    internal async Task<TResource> ReadAsync(Write write, long id) =>
        (await Find(write.Connection, new ResourceRef(id, null), write.Transaction, write.Http, write.CancellationToken))!;

    /// <summary>Every writable column from the request, the row aliased r; without a slug, the first free one (<see cref="Slugs.FirstFreeSql"/>).</summary>
    internal string InsertSql => field ??=
        $"INSERT INTO {Kind.Table} AS r ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => c == "slug" ? $"coalesce(@slug, {Slugs.FirstFreeSql(Kind.Table)})" : "@" + Parameter(c)))})";

    /// <summary>Every writable column from the request; an omitted slug keeps the current one. The version goes up.</summary>
    internal string UpdateSql => field ??=
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
