using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace RecordsApi.Bench;

/// <summary>
/// An open-loop load: requests sent at a fixed rate, whatever the answers' speed, each timed from the
/// moment it was due to be sent, not from when it went out. A closed loop (wrk) sends the next request
/// only after an answer, so a stall delays the requests that would have waited in it, and they go
/// unmeasured (coordinated omission); here a stall shows in every request due during it.
/// </summary>
internal static class FixedRate
{
    /// <summary>Sends GETs of paths drawn at random from <paramref name="paths"/> and prints one BENCH_RATE line.</summary>
    public static async Task<int> RunAsync(
        Uri baseUri, string[] paths, double rate, TimeSpan warmup, TimeSpan duration, int connections, string? apiKey)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(apiKey))
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        var warmupCount = (int)(rate * warmup.TotalSeconds);
        var total = warmupCount + (int)(rate * duration.TotalSeconds);
        var latencies = new long[total];
        var failed = new bool[total];
        var requests = new Task[total];
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = (long)(i * (double)Stopwatch.Frequency / rate);
            var early = due - clock.ElapsedTicks;
            if (early > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)early / Stopwatch.Frequency));
            }

            requests[i] = SendAsync(client, paths[random.Next(paths.Length)], clock, due, latencies, failed, i);
        }

        await Task.WhenAll(requests);
        var elapsed = (double)clock.ElapsedTicks / Stopwatch.Frequency;

        var measured = latencies.Skip(warmupCount).Where((_, i) => !failed[warmupCount + i]).Order().ToArray();
        var errors = failed.Skip(warmupCount).Count(f => f);
        long Percentile(double p) =>
            measured.Length == 0 ? 0 : measured[Math.Min(measured.Length - 1, (int)Math.Ceiling(p / 100 * measured.Length) - 1)] * 1_000_000 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"BENCH_RATE offered={rate:F0} requests={total - warmupCount} sent_rps={total / elapsed:F1} errors={errors} p50_us={Percentile(50)} p99_us={Percentile(99)} p999_us={Percentile(99.9)} max_us={Percentile(100)}"));
        return 0;
    }

    private static async Task SendAsync(HttpClient client, string path, Stopwatch clock, long due, long[] latencies, bool[] failed, int index)
    {
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            failed[index] = !response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            failed[index] = true;
        }

        latencies[index] = clock.ElapsedTicks - due;
    }
}
