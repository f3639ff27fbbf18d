using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RecordsApi.Infrastructure.Auth;

namespace RecordsApi.Infrastructure.Telemetry;

public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Metrics always (scraped at /metrics); traces and logs over OTLP only when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set, so a service nobody collects traces from does not pay for
    /// them. Console logs are JSON outside Development, with the trace and span ids of the request.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton<ApiMetrics>();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);

        // Logging:Console:FormatterName decides when set; else people read Development's console, machines the others'.
        var development = builder.Environment.IsDevelopment();
        services.Configure<ConsoleLoggerOptions>(console =>
            console.FormatterName ??= development ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json);
        // A JSON line shipped elsewhere keeps its instant (appsettings.json makes it UTC); the format stays configurable.
        services.Configure<JsonConsoleFormatterOptions>(json => json.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ");

        var settings = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        if (!settings.Enabled)
        {
            return builder;
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service instead.
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService("records-api", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString());
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("System.Runtime")
                .AddMeter(ApiMetrics.MeterName)
                .AddPrometheusExporter()
                .Drop(Unwatched));
        if (otlp)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !IsOperational(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql())
                .WithLogging()
                .UseOtlpExporter();
        }

        services.AddTransient<IStartupFilter, ManagementPort>();
        return builder;
    }

    /// <summary>
    /// /metrics on the API's port, for admin keys only and outside the OpenAPI document; on the
    /// management port (<see cref="TelemetryOptions.MetricsPort"/>) <see cref="ManagementPort"/> serves it.
    /// </summary>
    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder routes)
    {
        if (routes.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Enabled)
        {
            routes.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(ApiPolicies.Admin).ExcludeFromDescription();
        }

        return routes;
    }

    /// <summary>
    /// Instruments recorded on every request (or every buffer) that nothing in docs/operations.md
    /// watches: a dropped instrument is not listened to, so it costs nothing at all.
    /// </summary>
    private static readonly string[] Unwatched =
    [
        "aspnetcore.routing.match_attempts",
        "aspnetcore.authentication.authenticate.duration",
        "aspnetcore.authorization.attempts",
        "aspnetcore.rate_limiting.request_lease.duration",
        "aspnetcore.rate_limiting.active_request_leases",
        "aspnetcore.memory_pool.*",
        "db.client.operation.npgsql.bytes_read",
        "db.client.operation.npgsql.bytes_written",
    ];

    private static MeterProviderBuilder Drop(this MeterProviderBuilder metrics, IEnumerable<string> instruments)
    {
        foreach (var instrument in instruments)
        {
            metrics.AddView(instrument, MetricStreamConfiguration.Drop);
        }

        return metrics;
    }

    /// <summary>Probes and scrapes, which would otherwise be most of the traces.</summary>
    private static bool IsOperational(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    /// <summary>
    /// Requests that arrived on the management port (by the socket's local port, which a client
    /// cannot forge as it can a Host header) get /metrics without a key, and a 404 for anything else,
    /// before any of the API's middleware (rate limits, keys) sees them.
    /// </summary>
    private sealed class ManagementPort(IOptions<TelemetryOptions> options) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (options.Value.MetricsPort is int port)
            {
                app.MapWhen(http => http.Connection.LocalPort == port, management =>
                {
                    management.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path == MetricsPath);
                    management.Run(http =>
                    {
                        http.Response.StatusCode = StatusCodes.Status404NotFound;
                        return Task.CompletedTask;
                    });
                });
            }

            next(app);
        };
    }
}
