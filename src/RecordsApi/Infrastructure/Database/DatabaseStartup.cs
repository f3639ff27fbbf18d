using System.Security.Cryptography;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;

namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// Brings the schema up to date before the server starts listening, then loads the shared secrets:
/// first the numbered migrations (db/migrations, each once, journal schema_migrations), then the
/// repeatable scripts with the current definitions of the SQL functions and views (db/functions, each
/// again whenever its text changed, journal schema_functions; see db/README.md).
/// Several instances may start at once: a PostgreSQL advisory lock lets one migrate while the
/// others wait. A database that is not up yet is waited for, not a reason to crash.
/// </summary>
internal sealed partial class DatabaseStartup(
    NpgsqlDataSource dataSource,
    MigrationSettings settings,
    IEnumerable<ISharedSecret> secrets,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    private const long MigrationLockKey = 0x5265636f726473; // "Records"

    /// <summary>The repeatable scripts to apply: those shipped in the assembly; tests pass changed ones.</summary>
    internal IReadOnlyList<SqlScript> Functions { get; init; } = FunctionScripts.Embedded();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await MigrateAsync(cancellationToken);
                foreach (var secret in secrets)
                {
                    secret.Use(await LoadSecretAsync(secret.Name, cancellationToken));
                }

                await WarnIfNotDurableAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
            {
                LogDatabaseUnavailable(logger, delay.TotalSeconds, exception.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 15));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // A connection of its own, outside the pool: the pool skips the reset when a connection comes
        // back (No Reset On Close), so session settings made here must not reach API requests.
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // Waiting for another instance to finish migrating may take longer than any API statement may.
        await connection.ExecuteAsync("SET statement_timeout = 0");
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@MigrationLockKey)", new { MigrationLockKey });
        try
        {
            Upgrade(DeployChanges.To
                .PostgresqlDatabase(settings.ConnectionString)
                .WithScriptsEmbeddedInAssembly(typeof(DatabaseStartup).Assembly, name => name.StartsWith("Migrations.", StringComparison.Ordinal))
                .JournalToPostgresqlTable("public", "schema_migrations"));
            // After every migration, so a function may use the tables and columns the migrations just made.
            Upgrade(DeployChanges.To
                .PostgresqlDatabase(settings.ConnectionString)
                .WithScripts(Functions)
                .JournalTo((connectionManager, _) => new FunctionScriptJournal(connectionManager, Functions)));
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLockKey)", new { MigrationLockKey });
        }
    }

    private void Upgrade(UpgradeEngineBuilder scripts)
    {
        var result = scripts
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogTo(new UpgradeLog(logger))
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }
    }

    /// <summary>A random secret made once and kept in the database, so every instance signs alike.</summary>
    private async Task<byte[]> LoadSecretAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO service_secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
            new { name, value = RandomNumberGenerator.GetBytes(32) });
        return await connection.QuerySingleAsync<byte[]>("SELECT value FROM service_secrets WHERE name = @name", new { name });
    }

    /// <summary>
    /// An acknowledged write survives a crash of PostgreSQL only with synchronous_commit on (or remote_write
    /// and the like) and fsync on: with either off, the last writes the service answered 201 for may be lost.
    /// The setting is read as the service's own sessions see it (server, database, role and connection options).
    /// </summary>
    private async Task WarnIfNotDurableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (synchronousCommit, fsync) = await connection.QuerySingleAsync<(string, string)>(new CommandDefinition(
            "SELECT current_setting('synchronous_commit'), current_setting('fsync')", cancellationToken: cancellationToken));
        if (synchronousCommit == "off")
        {
            LogNotDurable(logger, "synchronous_commit", "the last writes answered before a PostgreSQL crash may be lost");
        }

        if (fsync == "off")
        {
            LogNotDurable(logger, "fsync", "a crash of the database host may lose or corrupt data");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL runs with {Setting} = off: {Consequence}. Turn it on where the data matters (docs/guarantees.md).")]
    private static partial void LogNotDurable(ILogger logger, string setting, string consequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is not reachable ({Reason}); trying again in {Seconds} s.")]
    private static partial void LogDatabaseUnavailable(ILogger logger, double seconds, string reason);

    private sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }

        public void LogDebug(string format, params object[] args) { }

        public void LogInformation(string format, params object[] args) =>
            logger.LogInformation("Migrations: {Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogWarning(string format, params object[] args) =>
            logger.LogWarning("Migrations: {Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(string format, params object[] args) =>
            logger.LogError("Migrations: {Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(Exception ex, string format, params object[] args) =>
            logger.LogError(ex, "Migrations: {Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
