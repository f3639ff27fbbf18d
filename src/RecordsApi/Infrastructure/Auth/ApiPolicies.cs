using Microsoft.AspNetCore.Authorization;

namespace RecordsApi.Infrastructure.Auth;

/// <summary>The two authorization policies: <c>write</c> (a write or admin key) and <c>admin</c> (an admin key).</summary>
public static class ApiPolicies
{
    public const string Write = "write";
    public const string Admin = "admin";

    public static string ScopeName(ApiKeyScope scope) => scope == ApiKeyScope.Admin ? Admin : Write;

    internal static void Add(AuthorizationBuilder authorization) => authorization
        .AddPolicy(Write, policy => policy
            .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyDefaults.ScopeClaim, Write, Admin))
        .AddPolicy(Admin, policy => policy
            .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyDefaults.ScopeClaim, Admin));

    /// <summary>
    /// Every endpoint of the group that can change data (any method but GET, HEAD, OPTIONS and TRACE,
    /// or any method at all) needs the write policy, unless it states its own authorization. Applied
    /// once to /v1, so every resource mapped there is covered without a line of its own.
    /// </summary>
    public static TBuilder RequireKeyForWrites<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // Finally: runs after each endpoint's own conventions, so it sees their authorization metadata.
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IAuthorizeData>().Any() || endpoint.Metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods;
            if (methods is null || methods.Count == 0 || methods.Any(method => !IsRead(method)))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(Write));
            }
        });
        return builder;
    }

    public static bool IsRead(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
