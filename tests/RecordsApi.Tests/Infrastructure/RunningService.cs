using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The service's own executable serving HTTP on loopback ports of its own, as a process, for what only
/// a real process shows: its console output and the sockets it listens on. Killed when disposed.
/// </summary>
public sealed class RunningService : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();

    private RunningService(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts the service on <paramref name="ports"/> (http://127.0.0.1:port each) with the settings
    /// given as environment variables, and waits until /health/live answers on the first port.
    /// </summary>
    public static async Task<RunningService> StartAsync(string connectionString, int[] ports, params (string Name, string Value)[] environment)
    {
        var directory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The content root: the service reads its appsettings.json from there.
            WorkingDirectory = directory,
        };
        startInfo.ArgumentList.Add(typeof(Program).Assembly.Location);
        startInfo.Environment["ConnectionStrings__Postgres"] = connectionString;
        startInfo.Environment["ASPNETCORE_URLS"] = string.Join(';', ports.Select(port => $"http://127.0.0.1:{port}"));
        startInfo.Environment["Catalogue__ImportOnStartup"] = "false";
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var service = new RunningService(Process.Start(startInfo)!);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !service.process.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || service.process.HasExited)
            {
                await service.DisposeAsync();
                throw new InvalidOperationException("The service did not start listening.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Loopback ports free right now, for a service to listen on.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(listener => listener.Start());
        var ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        listeners.ForEach(listener => listener.Stop());
        return ports;
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

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            lines.Writer.TryComplete();
        }
        else
        {
            lines.Writer.TryWrite(line);
        }
    }
}
