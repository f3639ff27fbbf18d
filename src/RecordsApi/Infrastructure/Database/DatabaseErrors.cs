using System.Net.Sockets;

namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// Which database failures are the client's business. Every failure of the database itself answers
/// 503 with Retry-After (docs/errors.md, database-unavailable), never a 500: a client or load balancer
/// reads a 500 as a bug, a 503 as "retry". What stays a 500 is a statement the server refused as wrong
/// (a constraint or syntax the code did not expect): that is a bug.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>
    /// True when the database cannot be reached or is refusing work for now: down, restarting, failing
    /// over, out of connections, too slow, read-only (a standby, or a primary being demoted), or a
    /// transaction lost a serialization race. The client should retry later; it did nothing wrong.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => IsUnavailable(postgres.SqlState),
        // No suitable host, refused or broken connections, timeouts: Npgsql's own failures are all about
        // reaching the server. NpgsqlOperationInProgressException is the one that is a bug of ours.
        NpgsqlOperationInProgressException => false,
        NpgsqlException => true,
        TimeoutException or SocketException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>
    /// True when the connection broke or the server is (re)starting or shutting down: a read run again
    /// on a fresh connection may well succeed. Not timeouts (running again would double the wait) nor a
    /// server that is merely busy (running again would add to its load).
    /// </summary>
    public static bool IsConnectionLost(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlOperationInProgressException => false,
        NpgsqlException npgsql => !HasTimeout(npgsql),
        SocketException or IOException => true,
        OperationCanceledException => false,
        _ => exception.InnerException is { } inner && IsConnectionLost(inner),
    };

    public static bool IsUniqueViolation(Exception exception, string constraint) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres
        && postgres.ConstraintName == constraint;

    /// <summary>The SQLSTATEs (docs: Appendix A) that say the server cannot do the work now, not that the work was wrong.</summary>
    private static bool IsUnavailable(string sqlState) => sqlState[..2] switch
    {
        "08" => true, // connection exception
        "53" => true, // insufficient resources: too many connections, out of memory or disk
        "57" => true, // operator intervention: shutdown, crash, starting up, statement or lock timeout cancelled
        "58" => true, // system error outside PostgreSQL (I/O)
        "28" => true, // the server refuses our login: misconfiguration or a password rotation, not the client's doing
        _ => sqlState is PostgresErrorCodes.ReadOnlySqlTransaction // a standby, or a primary just demoted
            or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected // rolled back, safe to retry
            or PostgresErrorCodes.LockNotAvailable // lock_timeout
            or "25P03" // idle_in_transaction_session_timeout
            or PostgresErrorCodes.InvalidCatalogName, // the database is not there (yet)
    };

    private static bool HasTimeout(Exception exception) =>
        exception is TimeoutException || exception.InnerException is { } inner && HasTimeout(inner);
}
