using System.Data.Common;

namespace RecordsApi.Infrastructure.Database;

public static class DatabaseSetup
{
    /// <summary>The key of the data source for background work (<see cref="AddDatabase"/>).</summary>
    public const string BackgroundWork = "background";

    /// <summary>One NpgsqlDataSource for the whole process, migrations at start-up, Dapper's conventions.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        // Generating the OpenAPI document (tools/generate-openapi.sh) starts the host but never touches the database.
        var generatingDocument = DocumentGeneration.IsRunning;
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? (generatingDocument ? "Host=127.0.0.1" : null)
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Start the service with ./run.sh (it starts PostgreSQL for you) "
                + "or set the environment variable ConnectionStrings__Postgres.");

        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        // Instants travel as UTC; the session time zone decides how timestamptz renders as text in cursors.
        dataSourceBuilder.ConnectionStringBuilder.Timezone = "UTC";
        dataSourceBuilder.ConnectionStringBuilder.ApplicationName ??= "records-api";
        ApplyPoolDefaults(dataSourceBuilder.ConnectionStringBuilder, connectionString);
        DatabaseLimits.From(builder.Configuration).ApplyTo(dataSourceBuilder.ConnectionStringBuilder);
        builder.Services.AddSingleton(_ => dataSourceBuilder.Build());
        // Pools of their own beside the main one: the same server and settings, told apart in
        // pg_stat_activity by their application name ("records-api background", "records-api searches").
        void AddPool(string key, Action<NpgsqlConnectionStringBuilder> configure)
        {
            var settings = new NpgsqlConnectionStringBuilder(dataSourceBuilder.ConnectionString);
            configure(settings);
            settings.ApplicationName += " " + key;
            builder.Services.AddKeyedSingleton(key, (_, _) => NpgsqlDataSource.Create(settings));
        }

        // Background work gets one connection: it never waits behind requests for a pooled connection nor takes one from them.
        AddPool(BackgroundWork, settings => (settings.MaxPoolSize, settings.MinPoolSize) = (1, 0));
        // Fuzzy searches get connections that never prepare statements (see Databases), half as many.
        AddPool(Databases.Searches, settings => (settings.MaxAutoPrepare, settings.MaxPoolSize) = (0, Math.Max(2, settings.MaxPoolSize / 2)));
        builder.Services.AddSingleton<Databases>();
        builder.Services.AddSingleton(new MigrationSettings(connectionString));
        if (!generatingDocument)
        {
            builder.Services.AddHostedService<DatabaseStartup>();
        }

        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        return builder;
    }

    /// <summary>
    /// Pool settings measured with bench/run.sh (docs/performance.md), applied where the connection
    /// string does not set them. The pool size itself is Database:MaxConnections (DatabaseLimits),
    /// whose default (twice the processors, at least 4) was measured the same way: a few busy connections
    /// beat many, since past two per core PostgreSQL backends only contend with each other. Skipping the
    /// reset when a connection goes back to the pool saves a DISCARD ALL per request; nothing here leaves
    /// session state behind (settings are per transaction or per connection string, advisory locks are
    /// released explicitly).
    /// Statements a connection runs often are prepared (up to 64 a connection): PostgreSQL then parses
    /// and plans them once. Measured at 1M people, the same run with and without: GET by id 1.78×,
    /// a page 1.75×, a leaderboard 1.44×, a create 1.37×. Fuzzy searches, whose plans must not be
    /// generic, run on connections that never prepare (<see cref="Databases"/>).
    /// </summary>
    internal static void ApplyPoolDefaults(NpgsqlConnectionStringBuilder settings, string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        if (!given.Contains("noresetonclose"))
        {
            settings.NoResetOnClose = true;
        }

        if (!given.Contains("maxautoprepare"))
        {
            settings.MaxAutoPrepare = 64;
        }
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value) => parameter.Value = value;

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            _ => throw new DataException($"Cannot read {value.GetType()} as a date."),
        };
    }
}

public sealed record MigrationSettings(string ConnectionString);
