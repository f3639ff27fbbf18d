using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Resources;

/// <summary>
/// Numbers committed revisions every second. Safe with any number of instances: numberers take
/// turns on one row lock, and one with nothing to do takes no lock at all. It uses the background
/// connection (<see cref="DatabaseSetup.BackgroundWork"/>), so it never waits behind requests for a
/// pooled connection nor takes one from them; with the database down it fails, says so once, and
/// tries again on the next tick.
/// </summary>
internal sealed partial class RevisionNumberer(
    [FromKeyedServices(DatabaseSetup.BackgroundWork)] NpgsqlDataSource db, ILogger<RevisionNumberer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                await RevisionNumbering.NumberAsync(connection, stoppingToken);
                if (failing)
                {
                    LogRecovered(logger);
                    failing = false;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Readers number for themselves, so a failing tick delays nothing they see: try again on the next.
                if (!failing)
                {
                    LogFailed(logger, exception.Message);
                    failing = true;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not number revisions: {Reason}. Trying again every second; readers of the feed number for themselves.")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Numbering revisions again.")]
    private static partial void LogRecovered(ILogger logger);
}
