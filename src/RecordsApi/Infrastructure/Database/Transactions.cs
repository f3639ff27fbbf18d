namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// Transactions whose every statement the request's deadline can stop. Npgsql sends a transaction's BEGIN
/// together with its first statement and, until the server has answered that BEGIN, puts off acting on a
/// cancellation. Against a server that stopped answering (frozen, or its host gone without closing the
/// socket), the first statement of every transaction then waited for Npgsql's command timeout (30 s),
/// whatever the request's deadline. <see cref="BeginAsync"/> sends the BEGIN at once with a statement of its
/// own, bounded like opening a connection (Database:ConnectionWait); every statement after it is cancelled
/// with the request. The price is one round trip per transaction (docs/performance.md).
/// </summary>
public static class Transactions
{
    /// <summary>
    /// Begins a transaction on <paramref name="connection"/> and has the server start it before returning.
    /// The round trip says whether it reads only (<paramref name="readOnly"/>) or may write: on a standby a
    /// transaction that may write fails right there (25006, a 503), before any of its work.
    /// </summary>
    public static async Task<NpgsqlTransaction> BeginAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken, IsolationLevel isolation = IsolationLevel.ReadCommitted, bool readOnly = false)
    {
        var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                readOnly ? "SET TRANSACTION READ ONLY" : "SET TRANSACTION READ WRITE",
                transaction: transaction,
                commandTimeout: connection.ConnectionTimeout,
                cancellationToken: cancellationToken));
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }
}
