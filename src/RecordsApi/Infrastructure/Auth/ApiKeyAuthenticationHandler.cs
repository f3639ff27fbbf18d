using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Infrastructure.Auth;

/// <summary>The names the API-key scheme uses.</summary>
public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string PrefixClaim = "key_prefix";

    /// <summary>RFC 9110 §11.6.1: tells a client which scheme to use and where the key goes.</summary>
    public const string Challenge = $"{Scheme} header=\"{HeaderName}\"";
}

/// <summary>
/// Authenticates a request by its X-Api-Key header. A request without the header is anonymous; one
/// with a malformed, unknown or revoked key fails, and <see cref="AuthSetup.RefuseInvalidApiKeys"/>
/// answers it 401 whatever it asks for. Key management (/v1/keys) checks the key against the database on
/// every request; reads and writes may use a lookup a few seconds old (<see cref="ApiKeyCache"/>), so a
/// key revoked elsewhere is refused by writes within <see cref="ApiKeyOptions.WriteCacheDuration"/>.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyLookup keys,
    ApiKeyCache cache,
    ReadRetry readRetry,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Headers[ApiKeyDefaults.HeaderName];
        if (values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count > 1)
        {
            return AuthenticateResult.Fail($"Send one {ApiKeyDefaults.HeaderName} header, not {values.Count}.");
        }

        if (!ApiKeySecret.TryParse(values[0]?.Trim(), out var key))
        {
            return AuthenticateResult.Fail(
                $"The {ApiKeyDefaults.HeaderName} header does not hold a key of this service: keys look like rk_<8 characters>_<43 characters>.");
        }

        if (await FindHolderAsync(key) is not { } holder)
        {
            return AuthenticateResult.Fail($"The key in {ApiKeyDefaults.HeaderName} is unknown or has been revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, holder.Name),
                new Claim(ApiKeyDefaults.ScopeClaim, ApiPolicies.ScopeName(holder.Scope)),
                new Claim(ApiKeyDefaults.PrefixClaim, holder.Prefix),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    // A lookup is safe to repeat (it only marks the key used), so it rides out a database restart like a read.
    private Task<ApiKeyHolder?> FindHolderAsync(ApiKeySecret key) =>
        cache.FindAsync(key, TrustedLookupAge(), () => readRetry.RunAsync(ct => keys.AuthenticateAsync(key, ct), Context.RequestAborted));

    /// <summary>How old a lookup of the key this request may rely on: none for key management, a few seconds for writes, more for reads.</summary>
    private TimeSpan TrustedLookupAge()
    {
        var authorization = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>() ?? [];
        if (authorization.Count == 0)
        {
            return cache.ReadWindow;
        }

        return authorization.Any(a => a.Policy == ApiPolicies.Admin) ? TimeSpan.Zero : cache.WriteWindow;
    }

    private bool NeedsKey() => Context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = ApiKeyDefaults.Challenge;
        var detail = result.Failure is { } failure
            ? failure.Message + (NeedsKey() ? string.Empty : " This operation needs no key: send a valid one, or none.")
            : $"This operation changes data and needs an API key with scope {RequiredScope()}: send it in the {ApiKeyDefaults.HeaderName} header. Reads need no key.";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new() { Status = StatusCodes.Status401Unauthorized, Detail = detail },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var scope = Context.User.FindFirstValue(ApiKeyDefaults.ScopeClaim);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new()
            {
                Status = StatusCodes.Status403Forbidden,
                Detail = $"The key '{Context.User.Identity?.Name}' has scope {scope}; this operation needs a key with scope {RequiredScope()}.",
            },
        });
    }

    private string RequiredScope() =>
        Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiPolicies.Admin) == true
            ? "admin"
            : "write or admin";
}
