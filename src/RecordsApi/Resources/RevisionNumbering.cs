using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Resources;

/// <summary>
/// Writes append revisions without a feed number, so they never wait for each other; committed
/// revisions get their numbers afterwards, in batches, from number_revisions()
/// (0040_unserialised_revisions.sql), which keeps the numbers gap-free and visible in order.
/// Whatever shows sequence numbers numbers first, so it lists every write committed before it was asked.
/// </summary>
public static class RevisionNumbering
{
    /// <summary>Numbers every committed revision still waiting; returns the last number handed out.</summary>
    /// <remarks>
    /// Runs in a transaction of its own: call it outside any transaction of <paramref name="connection"/>. On a standby
    /// (a read server) it numbers nothing and returns the last number replayed there: the primary numbers, every second
    /// and before its own reads, and the standby replays the numbers in the order they were given.
    /// </remarks>
    public static Task<long> NumberAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT CASE WHEN pg_is_in_recovery() THEN (SELECT last_sequence FROM change_sequence) ELSE number_revisions() END",
            cancellationToken: cancellationToken));

    /// <summary>Numbers revisions in the background too, so the feed does not lag while nobody reads it.</summary>
    public static IHostApplicationBuilder AddRevisionNumbering(this IHostApplicationBuilder builder)
    {
        if (!DocumentGeneration.IsRunning)
        {
            // Registered after AddDatabase: hosted services start in order, so this one starts once migrations have run.
            builder.Services.AddHostedService<RevisionNumberer>();
        }

        return builder;
    }
}
