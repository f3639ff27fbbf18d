using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Resources;

/// <summary>GET of one resource as every resource answers it: 404, or its ETag and then 304 or the representation.</summary>
public static class ResourceReads
{
    /// <summary>
    /// Finds the resource <paramref name="reference"/> names (id or slug); answers 404 when there is none,
    /// else sets its ETag and answers 304 when If-None-Match holds it.
    /// </summary>
    public static async Task<Results<Ok<TResource>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync<TRequest, TResource>(
        WritableResource<TRequest, TResource> resource, string reference, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
        where TRequest : IResourceRequest
        where TResource : IResource
    {
        await using var connection = await db.OpenForAsync(http, cancellationToken);
        if (await resource.Find(connection, ResourceRef.Parse(reference), null, http, cancellationToken) is not { } found)
        {
            return ApiProblems.NotFound(resource.Kind.Singular, reference);
        }

        return Preconditions.SetETagAndCheckNotModified(http, resource.ETag(found))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(found);
    }
}
