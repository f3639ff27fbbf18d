namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// Lets reads ride out a database restart. A read whose connection broke, or that met a server shutting
/// down or starting up (<see cref="DatabaseErrors.IsConnectionLost"/>), runs once more on a fresh
/// connection: every pool of the service is emptied first, since a restart killed all their connections
/// (<paramref name="pools"/>, the main one first). Before that second run it waits for the
/// server to accept a connection again, but only while the outage is younger than
/// <see cref="DatabaseLimits.ReadRetryWait"/>: a restart costs no failed reads, while a long outage
/// answers 503 at once instead of holding every read. Writes never come here: a write whose connection
/// broke may have committed, and running it again could make it twice (docs/guarantees.md).
/// </summary>
public sealed partial class ReadRetry(IReadOnlyList<NpgsqlDataSource> pools, DatabaseLimits limits, TimeProvider time, ILogger<ReadRetry> logger)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>When the current outage was first seen (ticks of <see cref="TimeProvider.GetTimestamp"/>), 0 when none.</summary>
    private long outageSince;

    /// <summary>Runs <paramref name="read"/>, and once more if its connection was lost; it must be safe to repeat.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            var result = await read(cancellationToken);
            if (Volatile.Read(ref outageSince) != 0)
            {
                Volatile.Write(ref outageSince, 0);
            }

            return result;
        }
        catch (Exception exception) when (DatabaseErrors.IsConnectionLost(exception) && !cancellationToken.IsCancellationRequested)
        {
            LogRetry(logger, exception.Message);
            foreach (var pool in pools)
            {
                pool.Clear();
            }

            await WaitForServerAsync(cancellationToken);
            return await read(cancellationToken);
        }
    }

    /// <summary>Returns once a new connection opens, or once the outage has lasted <see cref="DatabaseLimits.ReadRetryWait"/>.</summary>
    private async Task WaitForServerAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        Interlocked.CompareExchange(ref outageSince, now, 0);
        var since = Volatile.Read(ref outageSince);
        while (true)
        {
            var left = limits.ReadRetryWait - time.GetElapsedTime(since == 0 ? now : since);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(left);
                await using var connection = await pools[0].OpenConnectionAsync(deadline.Token);
                Volatile.Write(ref outageSince, 0);
                return;
            }
            catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception) || exception is OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            await Task.Delay(ProbeInterval, time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A read lost its database connection ({Reason}); running it again on a fresh one.")]
    private static partial void LogRetry(ILogger logger, string reason);
}
