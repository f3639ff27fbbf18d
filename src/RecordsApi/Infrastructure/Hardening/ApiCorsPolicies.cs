using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using RecordsApi.Infrastructure.Auth;

namespace RecordsApi.Infrastructure.Hardening;

/// <summary>
/// Cross-origin access from browsers: any page may read (GET, HEAD), only pages of the configured
/// origins may write. Keys travel in a header, never in cookies, so no credentials are allowed. This
/// keeps other sites' pages from using a visitor's browser to write; it is no guard against other
/// programs, which ignore CORS: the API key is.
/// </summary>
internal sealed class ApiCorsPolicies : ICorsPolicyProvider
{
    /// <summary>The response headers a page on another origin may read.</summary>
    internal static readonly string[] Exposed =
        ["ETag", "Location", "Link", "Retry-After", "RateLimit", "RateLimit-Policy", "WWW-Authenticate", "Idempotent-Replayed"];

    private readonly CorsPolicy read;
    private readonly CorsPolicy write;

    public ApiCorsPolicies(IOptions<CorsSettings> settings)
    {
        read = new CorsPolicyBuilder()
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders("Accept", "If-None-Match", ApiKeyDefaults.HeaderName)
            .WithExposedHeaders(Exposed)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build();
        write = new CorsPolicyBuilder()
            .WithOrigins(settings.Value.WriteOrigins)
            .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
            .WithHeaders("Accept", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", ApiKeyDefaults.HeaderName)
            .WithExposedHeaders(Exposed)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build();
    }

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        // A preflight asks about the method it names; an actual request is judged by its own.
        var method = HttpMethods.IsOptions(context.Request.Method)
            && context.Request.Headers.AccessControlRequestMethod is { Count: > 0 } requested
                ? requested.ToString()
                : context.Request.Method;
        return Task.FromResult<CorsPolicy?>(ApiPolicies.IsRead(method) ? read : write);
    }
}
