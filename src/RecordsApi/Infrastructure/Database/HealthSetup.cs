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
        group.MapHealthChecks("/ready", new() { Predicate = check => check.Tags.Contains("ready") })
            .WithSummary("Readiness: the service can reach its database");
        return routes;
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
