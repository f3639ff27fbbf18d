using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The service's own executable listening on a loopback port as a process of its own, as in production, so a
/// test can kill it (SIGKILL: no shutdown, no goodbye to clients) and start it again on the same port.
/// Budgets are out of reach and the catalogue is not loaded, as in the tests' other instances. What only a
/// real process shows is here too: its console output, line by line (<see cref="LineAsync"/>), and more
/// ports than one (a management port: <see cref="ExtraPorts"/>).
/// </summary>
public sealed class ServiceInstance : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly StringBuilder output = new();
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private Process? process;

    private ServiceInstance(string connectionString, IReadOnlyDictionary<string, string> settings, int[] extraPorts)
    {
        this.connectionString = connectionString;
        this.settings = settings;
        Port = FreePorts(1 + extraPorts.Length).Except(extraPorts).First();
        ExtraPorts = extraPorts;
    }

    public int Port { get; }

    /// <summary>Further loopback ports the service listens on besides <see cref="Port"/> (from <see cref="FreePorts"/>).</summary>
    public int[] ExtraPorts { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>What the process wrote, across every start, for the test's output.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the service on a free port (and on <paramref name="extraPorts"/>) and waits until it is ready.
    /// <paramref name="settings"/> (configuration keys, "Section:Key") go in as environment variables, last.
    /// </summary>
    public static async Task<ServiceInstance> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null, int[]? extraPorts = null)
    {
        var instance = new ServiceInstance(connectionString, settings ?? new Dictionary<string, string>(), extraPorts ?? []);
        await instance.StartAgainAsync();
        return instance;
    }

    /// <summary>Starts the process (again, after <see cref="KillAsync"/>) on the same port, and waits until /health/ready answers 200.</summary>
    public async Task StartAgainAsync()
    {
        var service = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { service, "--urls", string.Join(';', new[] { Port }.Concat(ExtraPorts).Select(port => $"http://127.0.0.1:{port}")) },
            WorkingDirectory = Path.GetDirectoryName(service)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Postgres"] = connectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["Catalogue__ImportOnStartup"] = "false",
                ["RateLimits__AnonymousReads"] = "1000000",
                ["RateLimits__KeyedReads"] = "1000000",
                ["RateLimits__AnonymousWrites"] = "1000000",
                ["RateLimits__KeyedWrites"] = "1000000",
            },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(process.HasExited, $"the service exited while starting: {Output}");
            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"the service did not start: {Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>The first line the service writes (stdout or stderr) that <paramref name="match"/> accepts, waiting up to <paramref name="within"/>.</summary>
    public async Task<string> LineAsync(Func<string, bool> match, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await foreach (var line in lines.Reader.ReadAllAsync(timeout.Token))
        {
            if (match(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException("The service stopped writing.");
    }

    /// <summary>Kills the process with SIGKILL, as the kernel's OOM killer or `kill -9` would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lines.Writer.TryWrite(line);
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>Loopback ports free right now, all different, for a service to listen on.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(listener => listener.Start());
        var ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        listeners.ForEach(listener => listener.Stop());
        return ports;
    }
}
