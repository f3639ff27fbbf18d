using Microsoft.Extensions.Options;

namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>
/// Every <see cref="IdempotencyOptions.CleanupInterval"/>: deletes idempotency keys past the retention window, and
/// evicts the oldest answered keys of each caller over <see cref="IdempotencyOptions.MaxBytesPerCaller"/>.
/// </summary>
internal sealed partial class IdempotencyKeyCleanup(
    IdempotencyStore store, IOptions<IdempotencyOptions> options, ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await store.DeleteExpiredAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted);
                }

                var evicted = await store.EvictOverCapAsync(stoppingToken);
                if (evicted > 0)
                {
                    LogEvicted(logger, evicted, options.Value.MaxBytesPerCaller);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A janitor must not take the service down: the next tick tries again.
                LogFailed(logger, exception.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency keys.")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evicted {Count} idempotency keys before their retention ended: their callers held more than {MaxBytes} bytes of responses.")]
    private static partial void LogEvicted(ILogger logger, int count, long maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired idempotency keys: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
