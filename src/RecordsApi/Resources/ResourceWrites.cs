using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Idempotency;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Infrastructure.Validation;

namespace RecordsApi.Resources;

/// <summary>One write in progress: its transaction, the request it answers, and who makes it.</summary>
public sealed record Write(NpgsqlConnection Connection, NpgsqlTransaction Transaction, HttpContext Http, CancellationToken CancellationToken)
{
    /// <summary>The id of the last revision this write appended: an Idempotency-Key's answer is stamped with it.</summary>
    public long? LastRevision { get; private set; }

    /// <summary>Appends the revision of this write to the resource's history, in the write's transaction.</summary>
    public async Task AppendRevisionAsync(ResourceKind kind, long id, string operation) =>
        LastRevision = await RevisionLog.AppendAsync(Connection, Transaction, kind, id, operation, RevisionAuthor.Of(Http), CancellationToken) ?? LastRevision;

    /// <summary>
    /// Runs <paramref name="change"/> (an INSERT or UPDATE of one row of <paramref name="kind"/>'s table, aliased r) and
    /// appends its revision in the same statement (<see cref="RevisionLog.ChangeAsync"/>): the row's id, or null if none changed.
    /// </summary>
    public async Task<long?> ChangeWithRevisionAsync(ResourceKind kind, string change, DynamicParameters parameters, string operation)
    {
        if (await RevisionLog.ChangeAsync(Connection, Transaction, kind, change, parameters, operation, RevisionAuthor.Of(Http), CancellationToken) is not { } changed)
        {
            return null;
        }

        LastRevision = changed.Revision;
        return changed.Id;
    }

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
    /// <summary>
    /// Runs a write in one transaction: the change and its revision commit together or not at all. When the
    /// write answers an <see cref="IResult"/> under an Idempotency-Key, that answer commits with it too.
    /// </summary>
    public static async Task<T> InWriteTransactionAsync<T>(
        NpgsqlDataSource db, HttpContext http, Func<Write, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenForAsync(http, cancellationToken);
        await using var transaction = await Transactions.BeginAsync(connection, cancellationToken);
        var change = new Write(connection, transaction, http, cancellationToken);
        var result = await write(change);
        if (result is IResult answer && IdempotencyClaim.Of(http) is { } claim)
        {
            await claim.StoreAnswerAsync(answer, connection, transaction, change.LastRevision, cancellationToken);
        }

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
            // The answer is made inside the transaction, so an Idempotency-Key stores it with the write.
            return await InWriteTransactionAsync(db, http, async write =>
            {
                // The slug (the first free one, without a chosen one), the row and its revision: one statement.
                var parameters = new DynamicParameters(resource.Parameters(request, chosen));
                Slugs.AddCandidates(parameters, chosen is null ? Slugs.FromName(request.SlugSource, kind.Singular) : null);
                var id = await write.ChangeWithRevisionAsync(kind, resource.InsertSql, parameters, "create");
                var created = await resource.ReadAsync(write, id!.Value);
                http.Response.Headers.ETag = resource.ETag(created);
                return TypedResults.Created(Locations.Absolute(http.Request, $"/v1/{kind.Name}/{created.Id}"), created);
            }, cancellationToken);
        }
        catch (Exception exception) when (resource.IsSlugTaken(exception))
        {
            return ApiProblems.SlugTaken(
                $"The slug '{chosen}' is already taken by another {kind.Singular}. Choose another slug, or omit it to have one made from the {resource.SlugSourceName}.");
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
                var (current, refused) = await LockMatchingAsync(write, resource, ResourceRef.Parse(reference), reference, ifMatch);
                if (refused is not null)
                {
                    return refused;
                }

                return await WriteLockedAsync(resource, write, current!.Id, request);
            }, cancellationToken);
        }
        catch (Exception exception) when (resource.IsSlugTaken(exception))
        {
            return SlugTaken(kind, request.Slug);
        }
    }

    /// <summary>
    /// PATCH of a resource with a JSON merge patch (RFC 7396): the patch is applied to the representation GET
    /// answers, and the result is written as a PUT of it would be, with the same checks in the same order where
    /// they apply: a patch that is not application/merge-patch+json is a 415; one that is not a JSON object, or
    /// has members the request does not have or values of the wrong type, a 400 before anything is read; then
    /// If-Match (428, 412), a missing resource (404); then the validators on the merged whole (400) and what
    /// the resource refuses. Output-only members in the patch are ignored, as in a PUT.
    /// </summary>
    public static async Task<Results<Ok<TResource>, ProblemHttpResult, ValidationProblem>> PatchAsync<TRequest, TResource>(
        WritableResource<TRequest, TResource> resource, string reference, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
        where TRequest : class, IResourceRequest
        where TResource : IResource
    {
        var kind = resource.Kind;
        if (!MergePatch.IsMergePatch(http.Request))
        {
            // Routing already refuses other media types; this catches what it lets through, such as another charset.
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        using var patch = await MergePatch.ReadAsync(http.Request, cancellationToken);
        if (patch.RootElement.ValueKind != JsonValueKind.Object)
        {
            return ApiProblems.BadRequest(
                $"A merge patch of a {kind.Singular} is a JSON object holding the members to change.",
                new Dictionary<string, string[]> { ["body"] = ["Must be a JSON object."] });
        }

        // Unknown members and values of the wrong type are refused (JsonException, a 400) before anything is read.
        patch.RootElement.Deserialize<TRequest>(json);
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        TRequest? merged = null;
        try
        {
            return await InWriteTransactionAsync<Results<Ok<TResource>, ProblemHttpResult, ValidationProblem>>(db, http, async write =>
            {
                var (current, refused) = await LockMatchingAsync(write, resource, ResourceRef.Parse(reference), reference, ifMatch);
                if (refused is not null)
                {
                    return refused;
                }

                var representation = JsonSerializer.SerializeToNode(await resource.ReadAsync(write, current!.Id), json);
                merged = MergePatch.Apply(representation, patch.RootElement).Deserialize<TRequest>(json)!;
                var errors = await RequestValidation.ValidateAsync(merged, typeof(TRequest), http.RequestServices, cancellationToken);
                if (errors.Count > 0)
                {
                    return RequestValidation.Problem(errors);
                }

                return (await WriteLockedAsync(resource, write, current.Id, merged)).Result switch
                {
                    Ok<TResource> ok => ok,
                    ProblemHttpResult problem => problem,
                    var other => throw new InvalidOperationException($"Unexpected result {other}."),
                };
            }, cancellationToken);
        }
        catch (Exception exception) when (resource.IsSlugTaken(exception))
        {
            return SlugTaken(kind, merged?.Slug);
        }
    }

    /// <summary>
    /// The replace itself, once the row is locked and If-Match holds: what the resource refuses, else every
    /// writable column from <paramref name="request"/>, the revision, and the new representation with its ETag.
    /// </summary>
    private static async Task<Results<Ok<TResource>, ProblemHttpResult>> WriteLockedAsync<TRequest, TResource>(
        WritableResource<TRequest, TResource> resource, Write write, long id, TRequest request)
        where TRequest : IResourceRequest
        where TResource : IResource
    {
        if (resource.RefuseReplace is { } refuse && await refuse(write, id, request) is { } refusal)
        {
            return refusal;
        }

        var parameters = new DynamicParameters(resource.Parameters(request, request.Slug));
        parameters.Add("id", id);
        await write.ChangeWithRevisionAsync(resource.Kind, resource.UpdateSql, parameters, "update");
        var updated = await resource.ReadAsync(write, id);
        write.Http.Response.Headers.ETag = resource.ETag(updated);
        return TypedResults.Ok(updated);
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

            var (current, refused) = await LockMatchingAsync(write, resource, target, reference, ifMatch);
            if (refused is not null)
            {
                return refused;
            }

            // A deleted resource leaves every list and GET; its history stays.
            await write.ChangeWithRevisionAsync(
                kind,
                $"UPDATE {kind.Table} r SET deleted_at = now(), version = r.version + 1, updated_at = now() WHERE r.id = @id",
                new DynamicParameters(new { id = current!.Id }),
                "delete");
            return TypedResults.NoContent();
        }, cancellationToken);
    }

    /// <summary>
    /// Locks the resource a change names and checks If-Match against its current ETag: the locked row, or the
    /// 404 (no such resource) or 412 (with the current ETag) that answers instead.
    /// </summary>
    private static async Task<(LockedResource? Current, ProblemHttpResult? Refused)> LockMatchingAsync<TRequest, TResource>(
        Write write, WritableResource<TRequest, TResource> resource, ResourceRef target, string reference, IfMatch ifMatch)
        where TRequest : IResourceRequest
        where TResource : IResource
    {
        if (await LockAsync(write, resource.Kind, target) is not { } current)
        {
            return (null, ApiProblems.NotFound(resource.Kind.Singular, reference));
        }

        var currentETag = await resource.CurrentETagAsync(write, current.Id, current.Version);
        return ifMatch.Accepts(currentETag) ? (current, null) : (null, Preconditions.Failed(write.Http, currentETag));
    }

    /// <summary>A replace or patch that renames to a slug another resource of the kind has: 409 slug-taken.</summary>
    private static ProblemHttpResult SlugTaken(ResourceKind kind, string? slug) =>
        ApiProblems.SlugTaken($"The slug '{slug}' is already taken by another {kind.Singular}.");

    /// <summary>
    /// Locks a live resource against other writes until the transaction ends and reads its version;
    /// null when there is none. Waiting for the lock, it reads the version the last write left.
    /// </summary>
    private static Task<LockedResource?> LockAsync(Write write, ResourceKind kind, ResourceRef target) =>
        write.Connection.QuerySingleOrDefaultAsync<LockedResource>(write.Command(
            $"SELECT r.id, r.version FROM {kind.Table} r WHERE {target.Condition("r")} AND r.deleted_at IS NULL FOR NO KEY UPDATE",
            target.Parameters));

    private sealed class LockedResource
    {
        public long Id { get; init; }

        public int Version { get; init; }
    }
}
