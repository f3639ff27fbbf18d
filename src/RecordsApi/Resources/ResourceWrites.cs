using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Resources;

/// <summary>One write in progress: its transaction, the request it answers, and who makes it.</summary>
public sealed record Write(NpgsqlConnection Connection, NpgsqlTransaction Transaction, HttpContext Http, CancellationToken CancellationToken)
{
    /// <summary>Appends the revision of this write to the resource's history, in the write's transaction.</summary>
    public Task AppendRevisionAsync(ResourceKind kind, long id, string operation) =>
        RevisionLog.AppendAsync(Connection, Transaction, kind, id, operation, RevisionAuthor.Of(Http), CancellationToken);

    /// <summary>A Dapper command in this write's transaction, cancelled with the request.</summary>
    public CommandDefinition Command(string sql, object? parameters = null) =>
        new(sql, parameters, Transaction, cancellationToken: CancellationToken);
}

/// <summary>
/// The write path every resource shares: create, replace and delete with slugs, If-Match, revisions,
/// ETag, Location and slug conflicts. A resource supplies only its SQL (<see cref="WritableResource{TRequest, TResource}"/>).
/// </summary>
public static class ResourceWrites
{
    /// <summary>Runs a write in one transaction: the change and its revision commit together or not at all.</summary>
    public static async Task<T> InWriteTransactionAsync<T>(
        NpgsqlDataSource db, HttpContext http, Func<Write, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await write(new Write(connection, transaction, http, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// POST of a resource: the slug is the one asked for, else the first free one made from its name;
    /// answers 201 with Location (by id, which never changes) and ETag, or 409 when the chosen slug is taken.
    /// </summary>
    public static async Task<Results<Created<TResource>, ProblemHttpResult>> CreateAsync<TRequest, TResource>(
        WritableResource<TRequest, TResource> resource, TRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
        where TRequest : IResourceRequest
        where TResource : IResource
    {
        var kind = resource.Kind;
        var chosen = request.Slug;
        try
        {
            var created = await InWriteTransactionAsync(db, http, async write =>
            {
                var slug = chosen
                    ?? await Slugs.FirstFreeAsync(write, kind.Table, Slugs.FromName(request.SlugSource, kind.Singular));
                var id = await write.Connection.ExecuteScalarAsync<long>(write.Command(resource.InsertSql, resource.Parameters(request, slug)));
                await write.AppendRevisionAsync(kind, id, "create");
                return await resource.ReadAsync(write, id);
            }, cancellationToken);
            http.Response.Headers.ETag = resource.ETag(created);
            return TypedResults.Created(Locations.Absolute(http.Request, $"/v1/{kind.Name}/{created.Id}"), created);
        }
        catch (Exception exception) when (resource.IsSlugTaken(exception))
        {
            return ApiProblems.SlugTaken(
                $"The slug '{chosen}'' is already taken by another {kind.Singular}. Choose another slug, or omit it to have one made from the {resource.SlugSourceName}.");
        }
    }

    /// <summary>
    /// PUT of a resource: If-Match is required (428); the row is locked, then a stale version is 412, a
    /// missing resource 404, and what the resource itself refuses (<see cref="WritableResource{TRequest, TResource}.RefuseReplace"/>)
    /// its problem; otherwise every writable field is replaced (an omitted slug keeps the current one).
    /// </summary>
    public static async Task<Results<Ok<TResource>, ProblemHttpResult>> ReplaceAsync<TRequest, TResource>(
        WritableResource<TRequest, TResource> resource, string reference, TRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
        where TRequest : IResourceRequest
        where TResource : IResource
    {
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        var kind = resource.Kind;
        try
        {
            return await InWriteTransactionAsync<Results<Ok<TResource>, ProblemHttpResult>>(db, http, async write =>
            {
                if (await LockAsync(write, kind, ResourceRef.Parse(reference)) is not { } current)
                {
                    return ApiProblems.NotFound(kind.Singular, reference);
                }

                var currentETag = await resource.CurrentETagAsync(write, current.Id, current.Version);
                if (!ifMatch.Accepts(currentETag))
                {
                    return Preconditions.Failed(http, currentETag);
                }

                if (resource.RefuseReplace is { } refuse && await refuse(write, current.Id, request) is { } refusal)
                {
                    return refusal;
                }

                var parameters = new DynamicParameters(resource.Parameters(request, request.Slug));
                parameters.Add("id", current.Id);
                await write.Connection.ExecuteAsync(write.Command(resource.UpdateSql, parameters));
                await write.AppendRevisionAsync(kind, current.Id, "update");
                var updated = await resource.ReadAsync(write, current.Id);
                http.Response.Headers.ETag = resource.ETag(updated);
                return TypedResults.Ok(updated);
            }, cancellationToken);
        }
        catch (Exception exception) when (resource.IsSlugTaken(exception))
        {
            return ApiProblems.SlugTaken($"The slug '{request.Slug}'' is already taken by another {kind.Singular}.");
        }
    }

    /// <summary>
    /// DELETE of any resource: If-Match is required (428); a resource something still refers to is a
    /// 409 naming the references; then the row is locked, a missing resource is 404 and an If-Match that
    /// does not hold its current ETag 412; then the soft delete and its revision, in one transaction.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync<TRequest, TResource>(
        WritableResource<TRequest, TResource> resource, string reference, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
        where TRequest : IResourceRequest
        where TResource : IResource
    {
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        var kind = resource.Kind;
        var target = ResourceRef.Parse(reference);
        return await InWriteTransactionAsync<Results<NoContent, ProblemHttpResult>>(db, http, async write =>
        {
            if (await LiveReferences.BlockingDeleteAsync(write, kind, target) is { } references)
            {
                return ApiProblems.ReferencedBy($"{references}. Remove those references first; nothing was deleted.");
            }

            if (await LockAsync(write, kind, target) is not { } current)
            {
                return ApiProblems.NotFound(kind.Singular, reference);
            }

            var currentETag = await resource.CurrentETagAsync(write, current.Id, current.Version);
            if (!ifMatch.Accepts(currentETag))
            {
                return Preconditions.Failed(http, currentETag);
            }

            // A deleted resource leaves every list and GET; its history stays.
            await write.Connection.ExecuteAsync(write.Command(
                $"UPDATE {kind.Table} r SET deleted_at = now(), version = r.version + 1, updated_at = now() WHERE r.id = @id",
                new { id = current.Id }));
            await write.AppendRevisionAsync(kind, current.Id, "delete");
            return TypedResults.NoContent();
        }, cancellationToken);
    }

    /// <summary>
    /// Locks a live resource against other writes until the transaction ends and reads its version;
    /// null when there is none. Waiting for the lock, it reads the version the last write left.
    /// </summary>
    private static Task<LockedResource?> LockAsync(Write write, ResourceKind kind, ResourceRef target) =>
        write.Connection.QuerySingleOrDefaultAsync<LockedResource>(write.Command(
            $"SELECT r.id, r.version FROM {kind.Table} r WHERE {ResourceRef.Condition("r")} AND r.deleted_at IS NULL FOR NO KEY UPDATE",
            target.Parameters));

    private sealed class LockedResource
    {
        public long Id { get; init; }

        public int Version { get; init; }
    }
}
