using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace RecordsApi.Tests;

/// <summary>
/// The service on a PostgreSQL cluster of its own, which these tests freeze, restart and make
/// read-only. Requests time out after <see cref="RequestTimeout"/> and wait <see cref="ConnectionWait"/>
/// for a connection, shorter than the defaults, so a frozen database costs these tests seconds rather than tens of seconds.
/// </summary>
public sealed class DatabaseFailureFixture() : OwnClusterFixture("records_failures", settings: new Dictionary<string, string>
{
    ["RequestLimits:RequestTimeout"] = "00:00:04",
    ["Database:ConnectionWait"] = "00:00:01",
})
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(4);

    public static readonly TimeSpan ConnectionWait = TimeSpan.FromSeconds(1);
}

[CollectionDefinition(Name)]
public sealed class DatabaseFailureCollection : ICollectionFixture<DatabaseFailureFixture>
{
    public const string Name = "database failures";
}

[Collection(DatabaseFailureCollection.Name)]
public sealed class DatabaseFailureTests(DatabaseFailureFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// How much later than its timeout a request may end with the server frozen: Npgsql's cancel request
    /// connects and waits for the server, each for up to the connection wait (docs/guarantees.md); the rest
    /// is slack for a busy test machine. A bound on a hang, not a speed test.
    /// </summary>
    private static readonly TimeSpan Margin = 2 * DatabaseFailureFixture.ConnectionWait + TimeSpan.FromSeconds(2);

    private readonly HttpClient client = fixture.Client;

    [Fact]
    public async Task With_the_database_frozen_every_request_ends_within_its_timeout_with_503_and_ready_says_not_ready()
    {
        var slug = await CreatePersonAsync("Frozen Reader");
        // Warm the pools (lists' and the primary's), so requests meet open connections to a server that no longer answers.
        await WarmAsync("/v1/people");
        await WarmAsync($"/v1/people/{slug}");
        var names = Enumerable.Range(0, 3).Select(i => Unique($"Frozen Write {i}")).ToList();

        await fixture.Server.FreezeServerAsync();
        List<(string What, HttpResponseMessage Response, TimeSpan Took)> answers;
        (HttpResponseMessage Response, TimeSpan Took) ready;
        try
        {
            var requests = new List<(string, Func<Task<HttpResponseMessage>>)>
            {
                ("GET /v1/people", () => fixture.Anonymous.GetAsync("/v1/people")),
                ($"GET /v1/people/{slug}", () => fixture.Anonymous.GetAsync($"/v1/people/{slug}")),
                ("GET /v1/missions?q=apollo", () => fixture.Anonymous.GetAsync("/v1/missions?q=apollo")),
                ("GET /v1/people with a key", () => client.GetAsync("/v1/people?limit=5")),
                ($"PUT /v1/people/{slug}", () => client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/v1/people/{slug}")
                {
                    Content = Json(new { name = "Frozen Replace" }),
                    Headers = { { "If-Match", "\"1\"" } },
                })),
            };
            requests.AddRange(names.Select(name => ($"POST /v1/people {name}", (Func<Task<HttpResponseMessage>>)(() => client.PostAsync("/v1/people", Json(new { name }))))));

            var readiness = TimedAsync(() => fixture.Anonymous.GetAsync("/health/ready"));
            var inFlight = requests.Select(async r => (What: r.Item1, Answer: await TimedAsync(r.Item2))).ToList();
            // A hang fails the test instead of holding it.
            var bound = DatabaseFailureFixture.RequestTimeout + TimeSpan.FromSeconds(60);
            answers = [.. (await Task.WhenAll(inFlight).WaitAsync(bound)).Select(a => (a.What, a.Answer.Response, a.Answer.Took))];
            ready = await readiness.WaitAsync(bound);
        }
        finally
        {
            await fixture.Server.ThawServerAsync();
        }

        foreach (var (what, response, took) in answers)
        {
            output.WriteLine($"{what}: {(int)response.StatusCode} after {took.TotalSeconds:0.00} s: {await response.Content.ReadAsStringAsync()}");
        }

        output.WriteLine($"GET /health/ready: {(int)ready.Response.StatusCode} after {ready.Took.TotalSeconds:0.00} s");
        foreach (var (what, response, took) in answers)
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what} answered {(int)response.StatusCode}");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{what} sent no Retry-After");
            Assert.True(took < DatabaseFailureFixture.RequestTimeout + Margin, $"{what} took {took.TotalSeconds:0.0} s");
        }

        await ready.Response.AssertDatabaseUnavailableAsync("GET /health/ready with the database frozen");
        Assert.True(ready.Took < TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(2), $"GET /health/ready took {ready.Took.TotalSeconds:0.0} s");

        await WaitUntilReadyAsync();
        await client.GetAsync($"/v1/people/{slug}").AssertStatusAsync(HttpStatusCode.OK);
        // The writes that answered 503 were cancelled, not left to commit once the server thawed.
        await using var connection = await fixture.Api.OpenTestConnectionAsync();
        await WaitForNoActivityAsync(connection);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM people WHERE name = ANY(@names)", new { names }));
    }

    [Fact]
    public async Task A_restart_under_a_stream_of_reads_fails_no_read()
    {
        var slug = await CreatePersonAsync("Restart Reader");
        await WarmAsync("/v1/people");

        var answers = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        async Task ReadAsync(HttpClient reader, string url)
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await reader.GetAsync(url);
                answers.Add($"{(int)response.StatusCode} {url}");
            }
        }

        var readers = new[]
        {
            ReadAsync(fixture.Anonymous, "/v1/people"),
            ReadAsync(fixture.Anonymous, $"/v1/people/{slug}"),
            ReadAsync(fixture.Anonymous, "/v1/missions?q=apollo"),
            ReadAsync(client, "/v1/people?limit=3"),
        };
        await Task.Delay(500);
        await fixture.Server.StopServerAsync();
        await fixture.Server.StartServerAgainAsync();
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var failed = answers.Where(a => !a.StartsWith("200", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{answers.Count} reads, {failed.Count} failed: {string.Join(", ", failed.GroupBy(f => f).Select(g => $"{g.Count()} × {g.Key}"))}");
        Assert.Empty(failed);
    }

    [Fact]
    public async Task Writes_during_a_restart_answer_201_or_503_never_500()
    {
        await WarmAsync("/v1/people");
        var answers = new ConcurrentBag<HttpResponseMessage>();
        using var stop = new CancellationTokenSource();
        async Task WriteAsync(int writer)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                answers.Add(await client.PostAsync("/v1/people", Json(new { name = Unique($"Restart Writer {writer} {i}") })));
            }
        }

        var writers = Enumerable.Range(0, 3).Select(WriteAsync).ToList();
        await Task.Delay(500);
        await fixture.Server.StopServerAsync();
        await fixture.Server.StartServerAgainAsync();
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        output.WriteLine(string.Join(", ", answers.GroupBy(a => (int)a.StatusCode).Select(g => $"{g.Count()} × {g.Key}")));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"a write answered {(int)a.StatusCode}"));
        foreach (var unavailable in answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            // The database's own 503, or the request timeout's when the restart outlasted it: both say retry.
            var problem = await unavailable.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains(problem.GetProperty("type").GetString(), new[] { ProblemTypes.DatabaseUnavailable.Uri, ProblemTypes.Timeout.Uri });
            Assert.True(unavailable.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 sent no Retry-After");
        }
    }

    [Fact]
    public async Task A_write_to_a_read_only_database_is_503_and_reads_go_on()
    {
        var database = new NpgsqlConnectionStringBuilder(fixture.Api.ConnectionString).Database;
        await using var connection = await fixture.Api.OpenTestConnectionAsync();
        await connection.ExecuteAsync($"ALTER DATABASE {database} SET default_transaction_read_only = on");
        try
        {
            // Sessions take the setting when they start: the service's pooled ones must be new.
            fixture.Api.Services.GetRequiredService<NpgsqlDataSource>().Clear();

            var response = await client.PostAsync("/v1/people", Json(new { name = Unique("Read Only") }));

            await response.AssertDatabaseUnavailableAsync("POST /v1/people on a read-only database");
            await fixture.Anonymous.GetAsync("/v1/people").AssertStatusAsync(HttpStatusCode.OK);
        }
        finally
        {
            await connection.ExecuteAsync($"ALTER DATABASE {database} RESET default_transaction_read_only");
            fixture.Api.Services.GetRequiredService<NpgsqlDataSource>().Clear();
        }

        await client.PostAsync("/v1/people", Json(new { name = Unique("Writable Again") })).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Start_up_warns_when_synchronous_commit_is_off_and_only_then()
    {
        // The test cluster runs without synchronous_commit (it is thrown away); the database can turn it on.
        Assert.Contains(await StartUpWarningsAsync(), w => w.Contains("synchronous_commit", StringComparison.Ordinal));

        var database = new NpgsqlConnectionStringBuilder(fixture.Api.ConnectionString).Database;
        await using var connection = await fixture.Api.OpenTestConnectionAsync();
        await connection.ExecuteAsync($"ALTER DATABASE {database} SET synchronous_commit = on");
        try
        {
            Assert.DoesNotContain(await StartUpWarningsAsync(), w => w.Contains("synchronous_commit", StringComparison.Ordinal));
        }
        finally
        {
            await connection.ExecuteAsync($"ALTER DATABASE {database} RESET synchronous_commit");
        }
    }

    /// <summary>The warnings a new instance of the service logs while it starts on the fixture's database.</summary>
    private async Task<IReadOnlyList<string>> StartUpWarningsAsync()
    {
        var log = new LogCapture();
        await using var api = new OwnServerApi(fixture.Api.ConnectionString);
        using var started = api.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(log)));
        await started.CreateClient().GetAsync("/health/live").AssertStatusAsync(HttpStatusCode.OK);
        return [.. log.Warnings];
    }

    /// <summary>Creates a person named after <paramref name="name"/> and returns its slug.</summary>
    private async Task<string> CreatePersonAsync(string name) =>
        (await (await client.PostAsync("/v1/people", Json(new { name = Unique(name) }))).ReadJsonAsync()).GetProperty("slug").GetString()!;

    /// <summary>Sends eight GETs of <paramref name="url"/> at once, so its pool holds open connections.</summary>
    private async Task WarmAsync(string url) => await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync(url)));

    private static async Task<(HttpResponseMessage Response, TimeSpan Took)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        return (response, clock.Elapsed);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await fixture.Anonymous.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the service did not become ready after the database thawed");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until no session of the service's database is still running a statement.</summary>
    private static async Task WaitForNoActivityAsync(NpgsqlConnection connection)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        const string busy = """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND application_name LIKE 'records-api%'
            """;
        while (await connection.ExecuteScalarAsync<int>(busy) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "statements were still running 30 s after the database thawed");
            await Task.Delay(200);
        }
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    capture.Warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
