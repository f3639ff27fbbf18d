namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// Locks the revisions table against inserts in an open transaction, so every write of the service
/// stops inside its transaction just before it appends its revision (having done its other work),
/// until the barrier is lifted. Lets a test hold a request mid-write deterministically. Plain reads
/// go on; numbering revisions waits too, which the service does on a connection of its own (its
/// application_name differs, so it is not counted as a blocked writer).
/// </summary>
public sealed class WriteBarrier : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly NpgsqlDataSource database;

    private WriteBarrier(NpgsqlDataSource database, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.database = database;
        this.connection = connection;
        this.transaction = transaction;
    }

    // Only this database's sessions: pg_stat_activity spans the whole cluster, where the databases
    // of other test collections hold sessions blocked by their own tests.
    private const string BlockedSessions =
        """
        FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND application_name = 'records-api' AND datname = current_database()
        """;

    public static async Task<WriteBarrier> RaiseAsync(NpgsqlDataSource database)
    {
        var connection = await database.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        // EXCLUSIVE conflicts with the ROW EXCLUSIVE lock an INSERT takes, not with the ACCESS SHARE of a SELECT.
        await connection.ExecuteAsync("LOCK TABLE revisions IN EXCLUSIVE MODE", transaction: transaction);
        return new WriteBarrier(database, connection, transaction);
    }

    /// <summary>Waits until <paramref name="count"/> sessions of the service are blocked behind a lock in this database.</summary>
    public async Task WaitForBlockedAsync(int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var probe = await database.OpenConnectionAsync();
            var blocked = await probe.ExecuteScalarAsync<int>(
                $"SELECT count(*) {BlockedSessions}");
            if (blocked >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} blocked writers of the service, saw {blocked}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The backend process ids of the service's sessions blocked behind a lock in this database.</summary>
    public async Task<int[]> BlockedBackendsAsync()
    {
        await using var probe = await database.OpenConnectionAsync();
        return [.. await probe.QueryAsync<int>(
            $"SELECT pid {BlockedSessions}")];
    }

    /// <summary>Lets the held writes go on.</summary>
    public async ValueTask DisposeAsync()
    {
        await transaction.RollbackAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
