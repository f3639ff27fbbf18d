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
        services.AddSingleton<ReadKeyCache>();
        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, configureOptions: null);
        ApiPolicies.Add(services.AddAuthorizationBuilder());
        return builder;
    }
}
