using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Infrastructure.Health;

/// <summary>What a health probe answers when all is well.</summary>
public sealed record HealthReportSummary(string Status);

public static class HealthSetup
{
    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// /health/live: the process answers. /health/ready: it can also reach the database. They are
    /// handlers (not MapHealthChecks) so the OpenAPI document describes them, and a failing probe is
    /// a problem with Retry-After like every other error.
    /// </summary>
    public static IEndpointRouteBuilder MapApiHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTag("Health",
            "Probes for load balancers and orchestrators: is the process up, and can it serve requests.").WithHeadForGets();
        group.MapGet("/live", Live)
            .Describe("GetLiveness", "Liveness: the process is up",
                "Answers 200 while the process runs; it does not touch the database.");
        group.MapGet("/ready", ReadyAsync)
            .Describe("GetReadiness", "Readiness: the service can reach its database",
                "Answers 200 when the database answers within 3 seconds, else 503 with Retry-After.");
        return routes;
    }

    public static Ok<HealthReportSummary> Live() => TypedResults.Ok(new HealthReportSummary(nameof(HealthStatus.Healthy)));

    public static async Task<Results<Ok<HealthReportSummary>, ProblemHttpResult>> ReadyAsync(
        HealthCheckService health, HttpContext http, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains("ready"), ct);
        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Ok(new HealthReportSummary(nameof(HealthStatus.Healthy)));
        }

        http.Response.Headers.RetryAfter = "5";
        return ApiProblems.Problem(
            ProblemTypes.DatabaseUnavailable, "The service cannot reach its database. Retry after the number of seconds in Retry-After.");
    }

    /// <summary>A connection of its own each time (<see cref="DatabaseSetup.HealthProbes"/>), so a frozen server answers "not ready" within the 3 s.</summary>
    private sealed class DatabaseHealthCheck([FromKeyedServices(DatabaseSetup.HealthProbes)] NpgsqlDataSource db) : IHealthCheck
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
