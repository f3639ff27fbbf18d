using RecordsApi.Infrastructure.Auth;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Idempotency;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Keys;

/// <summary>Key management over HTTP, for admin keys only. Secrets are shown once, at creation, and never again.</summary>
public static class KeysEndpoints
{
    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/keys").WithTag("Keys",
            "API keys for writes, managed with an admin key. Keys are stored hashed and shown once, when made.").RequireAuthorization(ApiPolicies.Admin);

        group.MapGet("/", ListKeys)
            .Describe("ListApiKeys", "List API keys",
                "Every live key (and with includeRevoked=true the revoked ones too), oldest first: prefix, name, scope and times. Never the secrets.");
        group.MapGet("/{prefix}", GetKey)
            .Describe("GetApiKey", "Get an API key by its prefix",
                "The key's name, scope and times, including when it was last used or revoked. Never the secret.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateKey)
            .Describe("CreateApiKey", "Make an API key",
                "Answers 201 with the key in `key`: the only time it is shown. Store it now; the service keeps only its hash.")
            .ProducesProblem(ProblemTypes.KeyNameTaken)
            .WithoutIdempotency("its response holds the new key's secret, which the service never stores.")
            .WithoutCompression("its response holds the new key's secret, which a compressed answer would expose to BREACH.");
        group.MapDelete("/{prefix}", RevokeKey)
            .Describe("RevokeApiKey", "Revoke an API key",
                "From the next request on, every request with the key is refused (401) by this instance, and key management by every instance. "
                + "Other instances refuse its writes within ApiKeys:WriteCacheDuration (2 s) and its reads within ApiKeys:ReadCacheDuration (10 s). "
                + "Revoking a revoked key changes nothing and answers 204 again; no If-Match is needed, since revocation can only ever go one way.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<Page<ApiKeyInfo>>, ProblemHttpResult>> ListKeys(
        [AsParameters] ApiKeyQuery query, [AsParameters] PageRequest page, HttpContext http, NpgsqlDataSource db, KeysetPager pager, CancellationToken ct)
    {
        var includeRevoked = query.IncludeRevoked ?? false;
        var scope = $"keys|{includeRevoked}";
        if (!pager.TryStart(page, scope, out var after, out var problem))
        {
            return problem!;
        }

        var rows = await KeysStore.ListAsync(db, includeRevoked, after?.Id ?? 0, page.Size + 1, ct);
        return pager.Finish(http, rows, page, scope, row => row.ToInfo());
    }

    public static async Task<Results<Ok<ApiKeyInfo>, ProblemHttpResult>> GetKey(
        [Description("The key's public prefix: the 8 characters after rk_.")] string prefix, NpgsqlDataSource db, CancellationToken ct) =>
        ApiKeySecret.IsPrefix(prefix) && await KeysStore.FindAsync(db, prefix, ct) is { } key
            ? TypedResults.Ok(key)
            : NotFound(prefix);

    public static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateKey(
        ApiKeyRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var created = await KeysStore.CreateAsync(db, request.Name, request.Scope ?? ApiKeyScope.Write, CreatedBy(http), replace: false, ct);
        if (created is null)
        {
            return ApiProblems.Problem(ProblemTypes.KeyNameTaken, $"A live key is already named '{request.Name}'. Choose another name, or revoke that key first.");
        }

        // The secret must not linger in any cache on the way back.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created(Locations.Absolute(http.Request, $"/v1/keys/{created.Prefix}"), created);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        [Description("The key's public prefix.")] string prefix, HttpContext http, NpgsqlDataSource db, ApiKeyCache keyCache, CancellationToken ct)
    {
        if (!ApiKeySecret.IsPrefix(prefix) || await KeysStore.RevokeAsync(db, prefix, CreatedBy(http), ct) is null)
        {
            return NotFound(prefix);
        }

        keyCache.Forget();
        return TypedResults.NoContent();
    }

    private static string CreatedBy(HttpContext http) => "key:" + http.User.Identity?.Name;

    private static ProblemHttpResult NotFound(string prefix) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No API key has the prefix '{prefix}'.");
}
