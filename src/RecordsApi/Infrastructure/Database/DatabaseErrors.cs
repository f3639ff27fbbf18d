using System.Net.Sockets;

namespace RecordsApi.Infrastructure.Database;

public static class DatabaseErrors
{
    /// <summary>
    /// True when the database cannot be reached or is refusing work for now (down, restarting,
    /// out of connections, too slow): the client should retry later, it did nothing wrong.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.QueryCanceled
            or PostgresErrorCodes.ConnectionException or PostgresErrorCodes.ConnectionFailure
            or PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection
            // A write reached a standby: during a failover, the primary it was sent to is one no longer.
            or PostgresErrorCodes.ReadOnlySqlTransaction,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException
            // A multi-host data source found no host of the kind asked for (every host down, or none primary yet).
            || npgsql.InnerException is AggregateException || npgsql.Message.StartsWith("No suitable host", StringComparison.Ordinal),
        TimeoutException or SocketException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    public static bool IsUniqueViolation(Exception exception, string constraint) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres
        && postgres.ConstraintName == constraint;
}
