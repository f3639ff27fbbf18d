using System.Data.Common;

namespace RecordsApi.Infrastructure.Database;

public static class DatabaseSetup
{
    /// <summary>The key of the data source for background work (<see cref="AddDatabase"/>).</summary>
    public const string BackgroundWork = "background";

    /// <summary>The key of the data source for readiness probes (<see cref="AddDatabase"/>).</summary>
    public const string HealthProbes = "health";

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

        var limits = DatabaseLimits.From(builder.Configuration);
        builder.Services.AddSingleton(limits);
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(Settings(connectionString, limits).ConnectionString);
        builder.Services.AddSingleton(_ => dataSourceBuilder.Build());
        // Pools of their own beside the main one: the same server and settings, told apart in
        // pg_stat_activity by their application name ("records-api background", "records-api searches").
        var pools = new List<string>();
        void AddPool(string key, Action<NpgsqlConnectionStringBuilder> configure)
        {
            pools.Add(key);
            var settings = new NpgsqlConnectionStringBuilder(dataSourceBuilder.ConnectionString);
            configure(settings);
            settings.ApplicationName += " " + key;
            builder.Services.AddKeyedSingleton(key, (_, _) => NpgsqlDataSource.Create(settings));
        }

        // Background work gets one connection: it never waits behind requests for a pooled connection nor takes one from them.
        AddPool(BackgroundWork, settings => (settings.MaxPoolSize, settings.MinPoolSize) = (1, 0));
        // Fuzzy searches get connections that never prepare statements (see Databases), half as many.
        AddPool(Databases.Searches, settings => (settings.MaxAutoPrepare, settings.MaxPoolSize) = (0, Math.Max(2, settings.MaxPoolSize / 2)));
        // Readiness probes open a connection of their own each time, unpooled: a probe neither waits behind
        // requests for a pooled connection nor waits on a frozen server past its deadline (opening one is
        // abandoned at once; a statement on an open one would first send the server a cancel request).
        AddPool(HealthProbes, settings => settings.Pooling = false);
        builder.Services.AddSingleton<Databases>();
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ReadRetry>(services, (IReadOnlyList<NpgsqlDataSource>)
            [services.GetRequiredService<NpgsqlDataSource>(), .. pools.Select(services.GetRequiredKeyedService<NpgsqlDataSource>)]));
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
    /// The settings every pool of the service starts from: the operator's connection string, completed
    /// with the defaults below where it does not set them, then the limits of the "Database" section.
    /// Every data source the service makes (reads, searches, replicas) starts here, so each is bounded alike.
    /// </summary>
    public static NpgsqlConnectionStringBuilder Settings(string connectionString, DatabaseLimits limits)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Instants travel as UTC; the session time zone decides how timestamptz renders as text in cursors.
            Timezone = "UTC",
        };
        settings.ApplicationName ??= "records-api";
        ApplyDefaults(settings, connectionString);
        limits.ApplyTo(settings);
        return settings;
    }

    /// <summary>
    /// Defaults applied where the connection string does not set them.
    /// Pool settings measured with bench/run.sh (docs/performance.md). The pool size itself is Database:MaxConnections
    /// (DatabaseLimits), whose default (twice the processors, at least 4) was measured the same way: a few busy connections
    /// beat many, since past two per core PostgreSQL backends only contend with each other. Skipping the
    /// reset when a connection goes back to the pool saves a DISCARD ALL per request; nothing here leaves
    /// session state behind (settings are per transaction or per connection string, advisory locks are
    /// released explicitly).
    /// Statements a connection runs often are prepared (up to 64 a connection): PostgreSQL then parses
    /// and plans them once. Measured at 1M people, the same run with and without: GET by id 1.78×,
    /// a page 1.75×, a leaderboard 1.44×, a create 1.37×. Fuzzy searches, whose plans must not be
    /// generic, run on connections that never prepare (<see cref="Databases"/>).
    /// Time is bounded on the client too (docs/guarantees.md, "Timeouts and database failures"): a server
    /// that stalls without closing its sockets never answers statement_timeout, so the client gives up by itself.
    /// </summary>
    internal static void ApplyDefaults(NpgsqlConnectionStringBuilder settings, string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        void Default(string key, Action apply)
        {
            if (!given.Contains(key))
            {
                apply();
            }
        }

        Default("noresetonclose", () => settings.NoResetOnClose = true);
        Default("maxautoprepare", () => settings.MaxAutoPrepare = 64);
        // Npgsql's own default, said out loud: the bound on statements no request waits for (start-up,
        // background work, the catalogue import, which raises its statement_timeout); a request's own
        // deadline cancels its statements sooner.
        Default("commandtimeout", () => settings.CommandTimeout = 30);
        // A cancelled statement (the request timed out, or its client left) drops its connection as soon as
        // the cancel request is sent, instead of waiting up to 2 s more for a server that may never answer.
        Default("cancellationtimeout", () => settings.CancellationTimeout = -1);
        // A server host that vanishes (power, network) is noticed within about two minutes (30 s, then 9
        // probes 10 s apart), not the operating system's two hours, on idle and busy connections alike.
        Default("tcpkeepalive", () => settings.TcpKeepAlive = true);
        Default("tcpkeepalivetime", () => settings.TcpKeepAliveTime = 30);
        Default("tcpkeepaliveinterval", () => settings.TcpKeepAliveInterval = 10);
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
