using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Infrastructure.Hardening;

public static class HardeningSetup
{
    /// <summary>Request size and time limits, CORS, forwarded headers and HSTS, all from configuration.</summary>
    public static IServiceCollection AddApiHardening(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.Section);
        services.AddOptions<ProxySettings>().BindConfiguration(ProxySettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HstsSettings>().BindConfiguration(HstsSettings.Section);

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.Limits.MaxConcurrentConnections = limits.Value.MaxConnections;
            kestrel.Limits.KeepAliveTimeout = limits.Value.KeepAliveTimeout;
            kestrel.AddServerHeader = false;
        });

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<RequestLimitOptions>>((timeouts, limits) =>
            timeouts.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = limits.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = http => WriteTimeoutAsync(http, limits.Value.RequestTimeout),
            });

        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, ApiCorsPolicies>();

        // A body cut off by the server while being read (no Content-Length) says the limit too.
        services.AddOptions<ProblemDetailsOptions>().PostConfigure<IOptions<RequestLimitOptions>>((problems, limits) =>
        {
            var customize = problems.CustomizeProblemDetails;
            problems.CustomizeProblemDetails = context =>
            {
                if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
                {
                    context.ProblemDetails.Detail ??= RequestLimits.BodyTooLarge(limits.Value);
                }

                customize?.Invoke(context);
            };
        });

        services.AddOptions<HstsOptions>().Configure<IOptions<HstsSettings>>((hsts, settings) =>
        {
            hsts.MaxAge = settings.Value.MaxAge;
            hsts.IncludeSubDomains = settings.Value.IncludeSubDomains;
            hsts.Preload = settings.Value.Preload;
        });
        return services;
    }

    /// <summary>
    /// The outermost middleware: believe configured proxies about the client, then HSTS, security
    /// headers, CORS, and the size limits, before anything else does work for the request.
    /// </summary>
    public static WebApplication UseApiHardening(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<ProxySettings>>().Value;
        if (proxies.Enabled)
        {
            app.UseForwardedHeaders(ForwardedHeaders(proxies));
        }

        if (app.Services.GetRequiredService<IOptions<HstsSettings>>().Value.Enabled)
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseCors();
        app.UseMiddleware<RequestLimits>();
        return app;
    }

    private static ForwardedHeadersOptions ForwardedHeaders(ProxySettings proxies)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            ForwardLimit = proxies.ForwardLimit,
        };
        // Only the configured proxies: the defaults would trust any local process.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{ProxySettings.Section}:KnownProxies holds '{proxy}', which is not an IP address."));
        }

        foreach (var network in proxies.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{ProxySettings.Section}:KnownNetworks holds '{network}', which is not a network in CIDR notation such as 10.0.0.0/8."));
        }

        return options;
    }

    private static Task WriteTimeoutAsync(HttpContext http, TimeSpan timeout)
    {
        http.Response.Headers.RetryAfter = "5";
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new()
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemTypes.Timeout.Uri,
                Detail = $"The request took longer than {timeout.TotalSeconds:0.###} s and was stopped. Retry after the seconds in Retry-After; "
                    + "after a write, GET the resource first to see whether the change was made.",
            },
        }).AsTask();
    }
}
