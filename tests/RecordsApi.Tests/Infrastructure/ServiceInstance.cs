using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The service's own executable listening on a loopback port as a process of its own, as in production, so a
/// test can kill it (SIGKILL: no shutdown, no goodbye to clients) and start it again on the same port.
/// Budgets are out of reach and the catalogue is not loaded, as in the tests' other instances.
/// </summary>
public sealed class ServiceInstance : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly StringBuilder output = new();
    private Process? process;

    private ServiceInstance(string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        this.connectionString = connectionString;
        this.settings = settings;
        Port = FreePort();
    }

    public int Port { get; }

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

    /// <summary>Starts the service on a free port and waits until it is ready.</summary>
    public static async Task<ServiceInstance> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var instance = new ServiceInstance(connectionString, settings ?? new Dictionary<string, string>());
        await instance.StartAgainAsync();
        return instance;
    }

    /// <summary>Starts the process (again, after <see cref="KillAsync"/>) on the same port, and waits until /health/ready answers 200.</summary>
    public async Task StartAgainAsync()
    {
        var service = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { service, "--urls", BaseAddress.ToString() },
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
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
