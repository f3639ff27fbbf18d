using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecordsApi.Infrastructure.Auth;

public static class AuthSetup
{
    /// <summary>API-key authentication, and the write and admin policies (Docs describes them in the OpenAPI document).</summary>
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ApiKeyOptions>(builder.Configuration.GetSection(ApiKeyOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, configureOptions: null);
        ApiPolicies.Add(services.AddAuthorizationBuilder());
        return builder;
    }

    /// <summary>
    /// A request whose X-Api-Key holds a malformed, unknown or revoked key is a 401, reads included: a
    /// client with a broken key learns so at once instead of being served, and throttled, as anonymous.
    /// Placed after the rate limiter, so a refused key still costs (keys cannot be guessed at speed).
    /// </summary>
    public static IApplicationBuilder RefuseInvalidApiKeys(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            // The handler remembers its result for the request: this asks again for free.
            if ((await http.AuthenticateAsync(ApiKeyDefaults.Scheme)).Failure is not null)
            {
                await http.ChallengeAsync(ApiKeyDefaults.Scheme);
                return;
            }

            await next(http);
        });
}
