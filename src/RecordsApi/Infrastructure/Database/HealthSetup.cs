using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RecordsApi.Infrastructure.Database;

public static class HealthSetup
{
    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>/health/live: the process answers. /health/ready: it can also reach the database.</summary>
    public static IEndpointRouteBuilder MapApiHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health");
        group.MapHealthChecks("/live", new() { Predicate = _ => false })
            .WithSummary("Liveness: the process is up");
        group.MapHealthChecks("/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteReadinessAsync })
            .WithSummary("Readiness: the service can reach its database");
        return routes;
    }

    /// <summary>Ready: "Healthy" as usual. Not ready: a 503 problem with Retry-After, like every other answer while the database is away.</summary>
    private static Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            http.Response.ContentType = "text/plain";
            return http.Response.WriteAsync(report.Status.ToString());
        }

        http.Response.Headers.RetryAfter = "5";
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new() { Status = http.Response.StatusCode, Detail = "The service cannot reach its database right now." },
        }).AsTask();
    }

    private sealed class DatabaseHealthCheck(NpgsqlDataSource db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await using var connection = await db.OpenConnectionAsync(timeout.Token);
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token));
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception) || exception is OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The database is unreachable.");
            }
        }
    }
}
