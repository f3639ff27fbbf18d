using System.Diagnostics.Metrics;
using System.Net.Sockets;
using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Infrastructure.Telemetry;

/// <summary>
/// The service's own metrics, beside those of ASP.NET Core, HttpClient, Npgsql and the runtime
/// (docs/operations.md lists them all). Labels take a handful of values each: a policy name, a reason
/// from a fixed list; never a key, a path or an address.
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "RecordsApi";

    private readonly Counter<long> rateLimitRejections;
    private readonly Counter<long> idempotentReplays;
    private readonly Counter<long> databaseUnavailable;

    public ApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        rateLimitRejections = meter.CreateCounter<long>(
            "records_api.rate_limit.rejections", "{request}", "Requests refused with 429 because their budget was used up, by budget policy.");
        idempotentReplays = meter.CreateCounter<long>(
            "records_api.idempotency.replays", "{request}", "Retries with an Idempotency-Key answered with the stored response of the first attempt.");
        databaseUnavailable = meter.CreateCounter<long>(
            "records_api.database.unavailable", "{request}", "Requests answered 503 because the database failed, by reason.");
    }

    /// <summary>A 429: <paramref name="policy"/> is one of the four budget policies (anonymous-read, keyed-write, …).</summary>
    public void RateLimited(string policy) => rateLimitRejections.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void IdempotentReplay() => idempotentReplays.Add(1);

    /// <summary>A 503 caused by <paramref name="exception"/>, counted under a reason from <see cref="ReasonOf"/>.</summary>
    public void DatabaseUnavailable(Exception exception) =>
        databaseUnavailable.Add(1, new KeyValuePair<string, object?>("reason", ReasonOf(exception)));

    /// <summary>
    /// What an operator acts on differently: the server going away or refusing connections, the pool
    /// running dry, a statement too slow, a standby refusing a write. Anything else is "other".
    /// </summary>
    internal static string ReasonOf(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState switch
        {
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => "server_shutdown",
            PostgresErrorCodes.TooManyConnections => "too_many_connections",
            PostgresErrorCodes.QueryCanceled => "statement_timeout",
            PostgresErrorCodes.ReadOnlySqlTransaction => "read_only",
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => "serialization_failure",
            _ => "server_error",
        },
        NpgsqlException when exception.Message.Contains("pool has been exhausted", StringComparison.Ordinal) => "pool_exhausted",
        PoolShareExhaustedException => "pool_share_exhausted",
        NpgsqlException when exception.Message.Contains("No suitable host", StringComparison.Ordinal) => "no_suitable_host",
        NpgsqlException { InnerException: TimeoutException } or TimeoutException => "timeout",
        NpgsqlException { InnerException: SocketException or IOException } or SocketException or IOException => "connection_failed",
        _ when exception.InnerException is { } inner => ReasonOf(inner),
        _ => "other",
    };
}
