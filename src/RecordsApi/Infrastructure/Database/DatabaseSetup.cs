using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecordsApi.Infrastructure.Database;

public static class DatabaseSetup
{
    /// <summary>The key of the data source for background work (<see cref="AddDatabase"/>).</summary>
    public const string BackgroundWork = "background";

    /// <summary>The key of the data source for readiness probes (<see cref="AddDatabase"/>).</summary>
    public const string HealthProbes = "health";

    /// <summary>The connection string of the primary: every write, and every read that must see the latest write.</summary>
    public const string PrimaryConnectionName = "Postgres";

    /// <summary>The optional connection string for reads that may lag: a streaming replica, or several hosts with prefer-standby.</summary>
    public const string ReadConnectionName = "PostgresRead";

    /// <summary>
    /// Every pool the service uses, all built here from the two connection strings, each told apart in
    /// pg_stat_activity by its application name ("records-api", "records-api reads", …):
    /// <list type="bullet">
    /// <item>the primary (unkeyed): writes, conditional checks, idempotency, keys, reads by id or slug;</item>
    /// <item><see cref="BackgroundWork"/>: one connection to the primary for background work;</item>
    /// <item><see cref="HealthProbes"/>: unpooled connections to the primary for readiness probes;</item>
    /// <item><see cref="Databases.Reads"/> and <see cref="Databases.Searches"/>: lists, leaderboards and the export, on
    /// the primary's server but in pools of their own, so reads held up by a locked table cannot take the writes' connections;</item>
    /// <item>with ConnectionStrings:PostgresRead, <see cref="Databases.ReplicaReads"/> and <see cref="Databases.ReplicaSearches"/>:
    /// the same two on the read server, used when the request may read there (<see cref="Databases"/>).</item>
    /// </list>
    /// Migrations and start-up use the primary's own string, never the read one.
    /// </summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        // Generating the OpenAPI document (tools/generate-openapi.sh) starts the host but never touches the database.
        var generatingDocument = DocumentGeneration.IsRunning;
        var connectionString = builder.Configuration.GetConnectionString(PrimaryConnectionName)
            ?? (generatingDocument ? "Host=127.0.0.1" : null)
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Start the service with ./run.sh (it starts PostgreSQL for you) "
                + "or set the environment variable ConnectionStrings__Postgres.");
        var readString = builder.Configuration.GetConnectionString(ReadConnectionName) is { Length: > 0 } read ? read : null;
        var limits = DatabaseLimits.From(builder.Configuration);
        builder.Services.AddSingleton(limits);
        var primary = OnPrimary(connectionString);

        // One place makes every pool: the given string, then the service's settings, then the pool's own.
        var pools = new List<string?>();
        void AddPool(string? key, string given, string? role, Action<NpgsqlConnectionStringBuilder> configure)
        {
            pools.Add(key);
            var dataSourceBuilder = new NpgsqlDataSourceBuilder(Settings(given, limits).ConnectionString);
            var settings = dataSourceBuilder.ConnectionStringBuilder;
            configure(settings);
            if (role is not null)
            {
                settings.ApplicationName += " " + role;
            }

            if (key is null)
            {
                builder.Services.AddSingleton(_ => dataSourceBuilder.Build());
            }
            else
            {
                builder.Services.AddKeyedSingleton(key, (_, _) => dataSourceBuilder.Build());
            }
        }

        AddPool(null, primary, null, _ => { });
        // Background work gets one connection: it never waits behind requests for a pooled connection nor takes one from them.
        AddPool(BackgroundWork, primary, BackgroundWork, settings => (settings.MaxPoolSize, settings.MinPoolSize) = (1, 0));
        // Readiness probes open a connection of their own each time, unpooled: a probe neither waits behind
        // requests for a pooled connection nor waits on a frozen server past its deadline (opening one is
        // abandoned at once; a statement on an open one would first send the server a cancel request).
        AddPool(HealthProbes, primary, HealthProbes, settings => settings.Pooling = false);
        AddReadPools(Databases.Reads, Databases.Searches, primary, "reads");
        if (readString is not null)
        {
            AddReadPools(Databases.ReplicaReads, Databases.ReplicaSearches, readString, "replica reads");
        }

        void AddReadPools(string readsKey, string searchesKey, string given, string role)
        {
            AddPool(readsKey, given, role, settings => settings.MaxPoolSize = limits.ReadPoolSize);
            // Fuzzy searches get connections that never prepare statements (see Databases), half as many.
            AddPool(searchesKey, given, role.Replace("reads", "searches", StringComparison.Ordinal),
                settings => (settings.MaxAutoPrepare, settings.MaxPoolSize) = (0, limits.SearchPoolSize));
        }

        var routing = ReadRoutingOptions.From(builder.Configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new ReadRouting(
            readString is not null, routing, services.GetRequiredService<TimeProvider>(), services, services.GetRequiredService<ILogger<ReadRouting>>()));
        builder.Services.AddSingleton<Databases>();
        builder.Services.AddSingleton<PoolShares>();
        // A read that lost its connection clears every pool (a restart killed them all) and runs once more.
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ReadRetry>(services, (IReadOnlyList<NpgsqlDataSource>)
            [.. pools.Select(key => key is null ? services.GetRequiredService<NpgsqlDataSource>() : services.GetRequiredKeyedService<NpgsqlDataSource>(key))]));
        builder.Services.AddSingleton(new MigrationSettings(primary));
        if (!generatingDocument)
        {
            builder.Services.AddHostedService<DatabaseStartup>();
        }

        return builder;
    }

    /// <summary>
    /// Dapper's conventions (snake_case columns onto PascalCase members, DateOnly), set when the assembly loads:
    /// Dapper caches how it reads a row the first time a query runs, so a query run before the host was built
    /// (a command-line tool, a test creating a key) would otherwise be read without them for good.
    /// </summary>
#pragma warning disable CA2255 // This is the application's own assembly, not a library: its conventions hold for every caller.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseDapperConventions()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    /// <summary>
    /// The primary's string as the service uses it: with several hosts, always Target Session Attributes=read-write,
    /// whatever the string says (prefer-standby there would send writes and start-up to a standby, where they fail).
    /// Reads that may use a standby take ConnectionStrings:PostgresRead instead.
    /// </summary>
    internal static string OnPrimary(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.Host?.Contains(',', StringComparison.Ordinal) == true)
        {
            settings.TargetSessionAttributes = "read-write";
        }

        return settings.ConnectionString;
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
