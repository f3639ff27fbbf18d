using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Xunit.Abstractions;

namespace RecordsApi.Tests;

/// <summary>The service and a PostgreSQL server of their own, which these tests stop and start.</summary>
public sealed class OutageFixture() : OwnClusterFixture("records_outage");

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageFixture>
{
    public const string Name = "outage";
}

[Collection(OutageCollection.Name)]
public sealed class OutageTests(OutageFixture fixture, ITestOutputHelper output)
{
    private readonly HttpClient client = fixture.Client;

    /// <summary>Values for route parameters, by name; any other parameter gets "1".</summary>
    private static readonly Dictionary<string, string> RouteSamples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["metric"] = "oldest-at-launch",
    };

    /// <summary>A valid body per write endpoint, so the request gets past validation to the database. Append rows for new resources.</summary>
    private static readonly Dictionary<string, string> BodySamples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /v1/people"] = """{"name": "Outage Person"}""",
        ["PUT /v1/people/{ref}"] = """{"name": "Outage Person"}""",
        ["POST /v1/missions"] = """{"name": "Outage Mission", "kind": "orbital"}""",
        ["PUT /v1/missions/{ref}"] = """{"name": "Outage Mission", "kind": "orbital"}""",
        ["PUT /v1/missions/{ref}/crew/{personRef}"] = """{"role": "commander", "launched": true, "landed": true}""",
        ["POST /v1/keys"] = """{"name": "outage-key"}""",
        ["POST /v1/records"] = """{"title": "Outage Record", "category": "other"}""",
        ["PUT /v1/records/{ref}"] = """{"title": "Outage Record", "category": "other"}""",
        ["POST /v1/records/{ref}/holdings"] = """{"achievedOn": "2021-10-05", "people": ["yulia-peresild"]}""",
    };

    /// <summary>Reads answered from code alone (the list of leaderboard metrics): they stay up with the database down.</summary>
    private static readonly HashSet<string> DatabaseFree = new(StringComparer.Ordinal) { "GET /v1/leaderboards" };

    private static HttpRequestMessage RequestFor(string method, RoutePattern pattern)
    {
        var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => RouteSamples.GetValueOrDefault(parameter.Name, "1"),
            _ => "",
        }))));
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = Json(BodySamples.GetValueOrDefault($"{method} {pattern.RawText?.TrimEnd('/')}", "{}"));
        }

        if (method is "PUT" or "DELETE")
        {
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        }

        return request;
    }

    /// <summary>Every endpoint the service maps, with each of its methods: nothing new escapes these tests.</summary>
    private IEnumerable<(string Method, RouteEndpoint Endpoint)> Endpoints() =>
        fixture.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (method, endpoint)));

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the service did not become ready after the database came back");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task With_the_database_down_every_endpoint_answers_503_promptly_and_the_service_recovers_by_itself()
    {
        // Fill the connection pool first: after the restart its connections are all dead.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync("/v1/people")));
        await fixture.Server.StopServerAsync();
        try
        {
            var endpoints = Endpoints().ToList();
            Assert.Contains(endpoints, e => e.Endpoint.RoutePattern.RawText == "/v1/people/{ref}");
            foreach (var (method, endpoint) in endpoints)
            {
                var pattern = endpoint.RoutePattern;
                var what = $"{method} {pattern.RawText}";
                // Public reads as anonymous readers and probes make them; what needs a key, with one.
                var needsKey = endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Count > 0;
                var response = await (needsKey ? client : fixture.Anonymous).SendAsync(RequestFor(method, pattern));
                output.WriteLine($"{what}: {(int)response.StatusCode}");

                Assert.True((int)response.StatusCode is < 500 or 503, $"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                // HEAD runs the GET endpoint: it reaches the database where GET does, and answers without a body.
                var asMethod = method == "HEAD" ? "GET" : method;
                var reachesDatabase = pattern.RawText!.StartsWith("/v1", StringComparison.Ordinal)
                    && !DatabaseFree.Contains($"{asMethod} {pattern.RawText.TrimEnd('/')}")
                    && (asMethod is "GET" or "DELETE" || BodySamples.ContainsKey($"{asMethod} {pattern.RawText.TrimEnd('/')}"));
                if ((reachesDatabase || pattern.RawText == "/health/ready") && method == "HEAD")
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{what} sent no Retry-After");
                }
                else if (reachesDatabase || pattern.RawText == "/health/ready")
                {
                    await response.AssertDatabaseUnavailableAsync(what);
                }
            }

            Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await fixture.Server.StartServerAgainAsync();
        }

        await WaitUntilReadyAsync();
        // Recovered for good: no request meets a dead pooled connection any more.
        for (var i = 0; i < 20; i++)
        {
            await client.GetAsync("/v1/people").AssertStatusAsync(HttpStatusCode.OK);
        }

        await client.PostAsync("/v1/people", Json(new { name = "After The Outage" })).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_first_requests_after_a_restart_already_succeed()
    {
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync("/v1/people")));
        await fixture.Server.StopServerAsync();
        await fixture.Server.StartServerAgainAsync();

        // Every pooled connection died with the old server; at most the first request may notice.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await client.GetAsync("/v1/people")).StatusCode);
        }

        output.WriteLine(string.Join(", ", statuses));
        Assert.True(statuses.Skip(1).All(s => s == HttpStatusCode.OK), string.Join(", ", statuses));
        Assert.Contains(statuses[0], new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
    }

    [Fact]
    public async Task With_every_connection_busy_a_request_answers_503_after_the_configured_wait()
    {
        await using var saturated = new OwnServerApi(fixture.Api.ConnectionString,
            new Dictionary<string, string> { ["Database:MaxConnections"] = "2", ["Database:ConnectionWait"] = "00:00:01" });
        var saturatedClient = saturated.CreateClient();
        saturatedClient.DefaultRequestHeaders.Add("X-Api-Key", await fixture.Api.WriterKeyAsync());
        var database = Npgsql.NpgsqlDataSource.Create(fixture.Api.ConnectionString);
        await using (database)
        {
            Task<HttpResponseMessage[]> writes;
            await using (var barrier = await WriteBarrier.RaiseAsync(database))
            {
                // Two writes hold both pooled connections, waiting on the barrier: of two resources, since the
                // requests of one may hold only all but one connection of a pool (PoolShares).
                writes = Task.WhenAll(
                    saturatedClient.PostAsync("/v1/people", Json(new { name = "Pool Holder" })),
                    saturatedClient.PostAsync("/v1/missions", Json(new { name = Unique("Pool Holder Mission"), kind = "orbital" })));
                await barrier.WaitForBlockedAsync(2);

                // A third resource, within its share, still needs the same pool (lists read from pools of their own:
                // docs/performance.md, change 13), where no connection is free.
                var response = await saturatedClient.GetAsync("/v1/changes");

                await response.AssertDatabaseUnavailableAsync("GET /v1/changes with every connection busy");
            }

            Assert.All(await writes, w => Assert.Equal(HttpStatusCode.Created, w.StatusCode));
        }
    }

    [Fact]
    public async Task Start_up_with_the_database_down_waits_and_retries_instead_of_crashing()
    {
        await fixture.Server.StopServerAsync();
        await using var late = new OwnServerApi(fixture.Api.ConnectionString);
        Task<HttpClient> starting;
        try
        {
            starting = Task.Run(() => late.CreateClient());
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(starting.IsCompleted, starting.Exception?.ToString() ?? "the service started without its database");
        }
        finally
        {
            await fixture.Server.StartServerAgainAsync();
        }

        var lateClient = await starting.WaitAsync(TimeSpan.FromSeconds(60));
        await lateClient.GetAsync("/health/ready").AssertStatusAsync(HttpStatusCode.OK);
        await lateClient.GetAsync("/v1/people/yulia-peresild").AssertStatusAsync(HttpStatusCode.OK);
        await WaitUntilReadyAsync();
    }

    [Fact]
    public async Task Sigterm_lets_the_request_in_flight_finish_before_the_process_exits()
    {
        var port = FreePort();
        var service = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { service, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetDirectoryName(service)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Postgres"] = fixture.Api.ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["RateLimits__AnonymousReads"] = "1000000",
                ["RateLimits__KeyedWrites"] = "1000000",
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add("X-Api-Key", await fixture.Api.WriterKeyAsync());
            await WaitForAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the service to start");
            var name = Unique("Finished On Shutdown");

            Task<HttpResponseMessage> inFlight;
            var database = Npgsql.NpgsqlDataSource.Create(fixture.Api.ConnectionString);
            await using (database)
            {
                await using (var barrier = await WriteBarrier.RaiseAsync(database))
                {
                    inFlight = http.PostAsync("/v1/people", Json(new { name }));
                    await barrier.WaitForBlockedAsync();

                    Signal(process, "TERM");
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    Assert.False(process.HasExited, "the process exited with a request in flight");
                    // It takes no new work while it drains.
                    await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/health/live"));
                }

                var response = await inFlight.AssertStatusAsync(HttpStatusCode.Created);
                Assert.Equal(name, (await response.ReadJsonAsync()).GetProperty("name").GetString());
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the process did not exit after draining");
            Assert.Equal(0, process.ExitCode);
            await using var connection = await fixture.Api.OpenTestConnectionAsync();
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM people WHERE name = @name", new { name }));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            output.WriteLine(await stdout + await stderr);
        }
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
