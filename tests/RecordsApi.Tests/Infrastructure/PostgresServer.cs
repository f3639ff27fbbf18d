using Microsoft.Extensions.Logging.Abstractions;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Paging;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the integration tests, found in this order:
/// the connection string in <c>RECORDSAPI_TEST_DB</c>; else a Testcontainers container where a
/// Docker engine answers; else a throwaway cluster started from the local PostgreSQL binaries
/// (<c>initdb</c>/<c>pg_ctl</c>), removed again on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string ConnectionStringVariable = "RECORDSAPI_TEST_DB";

    private static readonly TimeSpan DockerProbeTimeout = TimeSpan.FromSeconds(20);

    private readonly Func<ValueTask> _stop;
    private readonly LocalCluster? _cluster;

    private PostgresServer(string connectionString, string description, Func<ValueTask> stop, LocalCluster? cluster = null)
    {
        ConnectionString = WithErrorDetail(connectionString);
        Description = description;
        _stop = stop;
        _cluster = cluster;
    }

    /// <summary>Connection string of the server's maintenance database (<c>postgres</c> unless given).</summary>
    public string ConnectionString { get; }

    /// <summary>Where the server came from, for diagnostics.</summary>
    public string Description { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } external)
        {
            // Someone else's server: use it, never stop it.
            return new PostgresServer(external, ConnectionStringVariable, () => ValueTask.CompletedTask);
        }

        if (await TryStartContainerAsync() is { } container)
        {
            return container;
        }

        if (await LocalCluster.FindBinDirectoryAsync() is { } binDirectory)
        {
            var cluster = await LocalCluster.StartAsync(binDirectory, durable: false);
            return new PostgresServer(cluster.ConnectionString, $"local cluster from {binDirectory}", cluster.StopAsync);
        }

        throw new InvalidOperationException(
            "The tests need a PostgreSQL server and found none. Do one of these: " +
            $"set {ConnectionStringVariable} to the connection string of a server where the tests may create databases " +
            "(e.g. 'Host=localhost;Username=postgres;Password=postgres'); " +
            "or install the PostgreSQL server binaries, which the tests then start themselves " +
            "('sudo apt-get install -y postgresql' on Debian/Ubuntu); " +
            "or start a Docker engine, which the tests then use through Testcontainers.");
    }

    /// <summary>
    /// A cluster of this test's own from the local PostgreSQL binaries, which the test may stop and
    /// start again (<see cref="StopServerAsync"/>, <see cref="StartServerAgainAsync"/>). With
    /// <paramref name="durable"/> it runs with fsync and synchronous_commit on, as production does,
    /// so that what it acknowledged survives a crash; otherwise it trades durability for speed.
    /// </summary>
    public static async Task<PostgresServer> StartOwnClusterAsync(bool durable = false)
    {
        var binDirectory = await LocalCluster.FindBinDirectoryAsync()
            ?? throw new InvalidOperationException(
                "This test stops and restarts its own PostgreSQL server, so it needs the PostgreSQL server binaries (initdb, pg_ctl): "
                + "install them ('sudo apt-get install -y postgresql' on Debian/Ubuntu).");
        var cluster = await LocalCluster.StartAsync(binDirectory, durable);
        return new PostgresServer(cluster.ConnectionString, $"own cluster from {binDirectory}", cluster.StopAsync, cluster);
    }

    /// <summary>
    /// A streaming replica of this own cluster, as an own cluster of its own: a base backup taken with
    /// <c>pg_basebackup -R</c>, so it starts as a hot standby that follows this server, read-only, until promoted.
    /// </summary>
    public async Task<PostgresServer> StartStreamingReplicaAsync()
    {
        var replica = await LocalCluster.StartReplicaAsync(OwnCluster);
        return new PostgresServer(replica.ConnectionString, $"streaming replica of {Description}", replica.StopAsync, replica);
    }

    /// <summary>Promotes a streaming replica to a primary of its own (pg_ctl promote), waiting until it accepts writes.</summary>
    public Task PromoteAsync() => OwnCluster.PromoteAsync();

    /// <summary>Stops the server of an own cluster: "fast" disconnects clients cleanly, "immediate" is a crash.</summary>
    public Task StopServerAsync(bool immediate = false) => OwnCluster.StopServerAsync(immediate ? "immediate" : "fast");

    /// <summary>Starts the stopped server of an own cluster again, on the same port and data directory.</summary>
    public Task StartServerAgainAsync() => OwnCluster.StartServerAgainAsync();

    /// <summary>
    /// Freezes the server of an own cluster (SIGSTOP to the postmaster and every backend): connections
    /// stay open and nothing answers, as when a database host stalls. Always <see cref="ThawServerAsync"/> after.
    /// </summary>
    public Task FreezeServerAsync() => OwnCluster.SignalServerAsync("STOP");

    /// <summary>Lets a frozen server run again (SIGCONT).</summary>
    public Task ThawServerAsync() => OwnCluster.SignalServerAsync("CONT");

    private LocalCluster OwnCluster =>
        _cluster ?? throw new InvalidOperationException("Only a server made by StartOwnClusterAsync can be stopped and started.");

    /// <summary>The database every fixture's database is cloned from: migrated once per server.</summary>
    public const string TemplateName = "records_template";

    private readonly SemaphoreSlim _templateGate = new(1, 1);
    private bool _templateReady;

    /// <summary>
    /// A database called <paramref name="name"/> with every migration and function script applied, as
    /// the service leaves it at start-up: a copy (CREATE DATABASE … TEMPLATE) of one database migrated
    /// once per server, so a fixture costs a file copy instead of a migration run.
    /// </summary>
    public async Task<string> CreateMigratedDatabaseAsync(string name)
    {
        await _templateGate.WaitAsync();
        try
        {
            if (!_templateReady)
            {
                var template = await CreateDatabaseAsync(TemplateName);
                await using (var db = NpgsqlDataSource.Create(template))
                {
                    await new DatabaseStartup(db, new MigrationSettings(template), [new CursorCodec()], NullLogger<DatabaseStartup>.Instance)
                        .StartAsync(CancellationToken.None);
                }

                NpgsqlConnection.ClearPool(new NpgsqlConnection(template));
                _templateReady = true;
            }

            var database = Quote(name);
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            // A database is copied only while nobody is connected to its template.
            foreach (var sql in new[]
            {
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{TemplateName}' AND pid <> pg_backend_pid()",
                $"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
                $"CREATE DATABASE {database} TEMPLATE {TemplateName}",
            })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }

            return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
        }
        finally
        {
            _templateGate.Release();
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Creates an empty UTF-8 database called <paramref name="name"/> on this server, dropping any
    /// database of that name first (test databases are disposable), and returns its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var database = Quote(name);

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        // template0 so the database is truly empty, and because concurrent CREATE DATABASEs
        // from template1 fail while another session is connected to it.
        foreach (var sql in new[]
        {
            $"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
            $"CREATE DATABASE {database} TEMPLATE template0 ENCODING 'UTF8'",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public ValueTask DisposeAsync() => _stop();

    private static async Task<PostgresServer?> TryStartContainerAsync()
    {
        PostgreSqlContainer container;
        try
        {
            // Build() probes for a Docker engine. Where none answers it throws within a second, but an
            // endpoint that accepts connections and never replies (a wedged daemon) would block it for good.
            container = await Task.Run(() => new PostgreSqlBuilder("postgres:16-alpine").Build())
                .WaitAsync(DockerProbeTimeout);
        }
        catch (Exception e) when (e is DockerUnavailableException or TimeoutException)
        {
            return null;
        }

        try
        {
            await container.StartAsync();
        }
        catch
        {
            // Docker answered, so a failure here (no image, no network) is real: report it, leave nothing behind.
            await container.DisposeAsync();
            throw;
        }

        return new PostgresServer(container.GetConnectionString(), "Testcontainers postgres:16-alpine", container.DisposeAsync);
    }

    private static string WithErrorDetail(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { IncludeErrorDetail = true }.ConnectionString;

    /// <summary>A cluster of our own in a temporary directory, started with <c>pg_ctl</c>.</summary>
    private sealed class LocalCluster
    {
        private const string DirectoryPrefix = "recordsapi-pg-";
        private const string OwnerFile = "owner.pid";

        private readonly string _binDirectory;
        private readonly string _root;
        private int _port;

        private LocalCluster(string binDirectory, string root)
        {
            _binDirectory = binDirectory;
            _root = root;
        }

        public string ConnectionString { get; private set; } = "";

        private string DataDirectory => Path.Combine(_root, "data");

        private string LogFile => Path.Combine(_root, "server.log");

        // initdb and the server refuse to run as root, so as root they run as the postgres user.
        private static bool AsPostgres => Environment.UserName == "root";

        /// <summary>The directory holding initdb and pg_ctl: pg_config's, else the newest Debian one, else PATH's.</summary>
        public static async Task<string?> FindBinDirectoryAsync()
        {
            var candidates = new List<string>();
            try
            {
                var (exitCode, output) = await RunAsync("pg_config", ["--bindir"], asPostgres: false, workingDirectory: null);
                if (exitCode == 0)
                {
                    candidates.Add(output.Trim());
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No pg_config on PATH.
            }

            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(versionDirectory => (Version: VersionOf(versionDirectory), Bin: Path.Combine(versionDirectory, "bin")))
                    .OrderByDescending(d => d.Version)
                    .Select(d => d.Bin));
            }

            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator));

            // pg_config may come from libpq-dev alone, so a candidate counts only with the server tools in it.
            return candidates.FirstOrDefault(d =>
                d.Length > 0 && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        }

        public static async Task<LocalCluster> StartAsync(string binDirectory, bool durable)
        {
            // As root the postgres user must reach the directory: /tmp is traversable by everyone, TMPDIR may not be.
            var parent = AsPostgres ? "/tmp" : Path.GetTempPath();
            await ReapAbandonedAsync(parent, binDirectory);

            var root = Path.Combine(parent, DirectoryPrefix + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            var cluster = new LocalCluster(binDirectory, Directory.CreateDirectory(root).FullName);
            try
            {
                await cluster.InitializeAsync(durable);
                await cluster.StartServerAsync();
                return cluster;
            }
            catch
            {
                await cluster.StopAsync();
                throw;
            }
        }

        public async ValueTask StopAsync()
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                // Immediate: the data is thrown away, so a clean shutdown checkpoint is wasted time.
                await RunToolAsync("pg_ctl", "stop", "-D", DataDirectory, "-m", "immediate", "-w");
            }

            Directory.Delete(_root, recursive: true);
        }

        /// <summary>A hot standby of <paramref name="primary"/>, from its base backup, started on a port of its own.</summary>
        public static async Task<LocalCluster> StartReplicaAsync(LocalCluster primary)
        {
            var parent = Path.GetDirectoryName(primary._root)!;
            var root = Path.Combine(parent, DirectoryPrefix + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            var replica = new LocalCluster(primary._binDirectory, Directory.CreateDirectory(root).FullName);
            try
            {
                await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                if (AsPostgres)
                {
                    await RunCheckedAsync("chown", ["postgres:", root], asPostgres: false);
                }

                // -R writes standby.signal and primary_conninfo: the copy starts as a standby streaming from the primary.
                await replica.RunToolCheckedAsync("pg_basebackup", "-h", "127.0.0.1", "-p", primary._port.ToString(CultureInfo.InvariantCulture),
                    "-U", "postgres", "-D", replica.DataDirectory, "-R", "-X", "stream", "--no-sync", "-c", "fast");
                // The copied configuration names the primary's socket directory: later lines win.
                await File.AppendAllTextAsync(Path.Combine(replica.DataDirectory, "postgresql.conf"), $"""

                    unix_socket_directories = '{root}'
                    hot_standby = on

                    """);
                await replica.StartServerAsync();
                return replica;
            }
            catch
            {
                await replica.StopAsync();
                throw;
            }
        }

        public async Task PromoteAsync() =>
            await RunToolCheckedAsync("pg_ctl", "promote", "-D", DataDirectory, "-w", "-t", "60");

        public async Task StopServerAsync(string mode) =>
            await RunToolCheckedAsync("pg_ctl", "stop", "-D", DataDirectory, "-m", mode, "-w");

        public async Task StartServerAgainAsync()
        {
            var (exitCode, output) = await RunToolAsync("pg_ctl", "start", "-D", DataDirectory, "-l", LogFile,
                "-w", "-t", "60", "-o", $"-p {_port}");
            if (exitCode != 0)
            {
                var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "";
                throw new InvalidOperationException($"pg_ctl start on port {_port} failed.\n{output}\n{log}");
            }
        }

        /// <summary>Sends a signal to the postmaster first (so it forks nothing new) and then to each of its children.</summary>
        public async Task SignalServerAsync(string signal)
        {
            var pidFile = await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid"));
            var postmaster = int.Parse(pidFile[0], CultureInfo.InvariantCulture);
            var children = Directory.EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => int.TryParse(name, CultureInfo.InvariantCulture, out _))
                .Where(pid => ParentOf(pid!) == postmaster);
            foreach (var pid in new[] { postmaster.ToString(CultureInfo.InvariantCulture) }.Concat(children!))
            {
                await RunAsync("kill", [$"-{signal}", pid!], asPostgres: false, workingDirectory: null);
            }
        }

        /// <summary>The parent process id from /proc/PID/stat (the field after the parenthesised name), or -1.</summary>
        private static int ParentOf(string pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return -1;
            }
        }

        private async Task InitializeAsync(bool durable)
        {
            // Marks the directory as ours, so a later run can clean it up if this process dies first.
            await File.WriteAllTextAsync(Path.Combine(_root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            if (AsPostgres)
            {
                // initdb, running as postgres, creates the data directory and the socket in here.
                await RunCheckedAsync("chown", ["postgres:", _root], asPostgres: false);
            }

            // C.UTF-8 rather than C: pg_trgm only treats non-ASCII letters (Cyrillic names) as word characters in a UTF-8 locale.
            await RunToolCheckedAsync("initdb", "-D", DataDirectory, "-A", "trust", "-U", "postgres",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");

            // Durability is pointless for a throwaway cluster, and speed is not, unless durability is what is tested.
            var durability = durable ? "on" : "off";
            await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"""

                listen_addresses = '127.0.0.1'
                unix_socket_directories = '{_root}'
                max_connections = 200
                fsync = {durability}
                full_page_writes = {durability}
                synchronous_commit = {durability}

                """);
        }

        private async Task StartServerAsync()
        {
            const int attempts = 5;
            for (var attempt = 1; ; attempt++)
            {
                // The port is free now but may be taken before the server binds it: retry on failure.
                var port = FreePort();
                var (exitCode, output) = await RunToolAsync("pg_ctl", "start", "-D", DataDirectory, "-l", LogFile,
                    "-w", "-t", "60", "-o", $"-p {port}");
                if (exitCode == 0)
                {
                    _port = port;
                    ConnectionString = new NpgsqlConnectionStringBuilder
                    {
                        Host = "127.0.0.1",
                        Port = port,
                        Username = "postgres",
                        Database = "postgres",
                    }.ConnectionString;
                    return;
                }

                if (attempt == attempts)
                {
                    var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "";
                    throw new InvalidOperationException($"pg_ctl start failed {attempts} times.\n{output}\n{log}");
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>Stops and removes clusters left behind by test runs that were killed before disposing.</summary>
        private static async Task ReapAbandonedAsync(string parent, string binDirectory)
        {
            foreach (var root in Directory.EnumerateDirectories(parent, DirectoryPrefix + "*"))
            {
                var ownerFile = Path.Combine(root, OwnerFile);
                if (!File.Exists(ownerFile)
                    || !int.TryParse(File.ReadAllText(ownerFile), CultureInfo.InvariantCulture, out var owner)
                    || IsRunning(owner))
                {
                    continue;
                }

                try
                {
                    await new LocalCluster(binDirectory, root).StopAsync();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Someone else's leftovers are not worth failing the test run for.
                }
            }
        }

        private static bool IsRunning(int processId)
        {
            try
            {
                using var process = Process.GetProcessById(processId);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static Version VersionOf(string versionDirectory) =>
            Version.TryParse(Path.GetFileName(versionDirectory), out var version) ? version
            : int.TryParse(Path.GetFileName(versionDirectory), CultureInfo.InvariantCulture, out var major) ? new Version(major, 0)
            : new Version(0, 0);

        private Task<(int ExitCode, string Output)> RunToolAsync(string tool, params string[] arguments) =>
            RunAsync(Path.Combine(_binDirectory, tool), arguments, AsPostgres, _root);

        private Task RunToolCheckedAsync(string tool, params string[] arguments) =>
            RunCheckedAsync(Path.Combine(_binDirectory, tool), arguments, AsPostgres, _root);

        private static async Task RunCheckedAsync(string fileName, string[] arguments, bool asPostgres, string? workingDirectory = null)
        {
            var (exitCode, output) = await RunAsync(fileName, arguments, asPostgres, workingDirectory);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
            }
        }

        private static async Task<(int ExitCode, string Output)> RunAsync(
            string fileName, string[] arguments, bool asPostgres, string? workingDirectory)
        {
            var startInfo = new ProcessStartInfo
            {
                FileName = asPostgres ? "runuser" : fileName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                // The postgres user may not be allowed into the test runner's working directory.
                WorkingDirectory = workingDirectory ?? "",
            };
            if (asPostgres)
            {
                foreach (var argument in new[] { "-u", "postgres", "--", fileName })
                {
                    startInfo.ArgumentList.Add(argument);
                }
            }

            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo)
                ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
