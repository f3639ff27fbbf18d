using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Time.Testing;
using RecordsApi.Infrastructure.Auth;
using RecordsApi.Keys;

namespace RecordsApi.Tests;

/// <summary>
/// One database and one redis-server of the fleet's own, on which the tests start as many instances of
/// the service as they need, and stop and start them again.
/// </summary>
public sealed class FleetFixture : IAsyncLifetime
{
    /// <summary>Keyed reads per (day-long) window: small enough to spend in a test, a day so no burst straddles a reset.</summary>
    public const int KeyedReads = 6;

    private bool serverAcquired;

    public string ConnectionString { get; private set; } = "";

    public RedisServer Redis { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = await SharedPostgres.AcquireAsync();
        serverAcquired = true;
        ConnectionString = await server.CreateMigratedDatabaseAsync("records_fleet");
        Database = NpgsqlDataSource.Create(ConnectionString);
        Redis = await RedisServer.StartAsync();
    }

    /// <summary>An instance of the service on the fleet's database; with the fleet's Redis unless told otherwise.</summary>
    public OwnServerApi Instance(RedisServer? redis = null, bool shared = true, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string>
        {
            ["RateLimits:Window"] = "1.00:00:00",
            ["RateLimits:KeyedReads"] = $"{KeyedReads}",
        };
        if (shared)
        {
            all["ConnectionStrings:Redis"] = (redis ?? Redis).ConnectionString;
        }

        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new OwnServerApi(ConnectionString, all);
    }

    /// <summary>A key nobody else has used, so its budget is untouched.</summary>
    public async Task<CreatedApiKey> CreateKeyAsync(string prefix, ApiKeyScope scope = ApiKeyScope.Write) =>
        (await KeysStore.CreateAsync(Database, UniqueSlug(prefix), scope, "tests"))!;

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
        if (serverAcquired)
        {
            await SharedPostgres.ReleaseAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FleetCollection : ICollectionFixture<FleetFixture>
{
    public const string Name = "fleet";
}

/// <summary>Several instances on one database and one Redis behave as one service: one budget, one revocation, bounded connections.</summary>
[Collection(FleetCollection.Name)]
public sealed class FleetTests(FleetFixture fleet)
{
    private static HttpClient WithKey(WebApplicationFactory<Program> instance, string key)
    {
        var client = instance.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        return client;
    }

    /// <summary>Sends reads alternately through the clients until <paramref name="count"/> were sent; how many were admitted.</summary>
    private static async Task<int> AdmittedAsync(int count, params HttpClient[] clients)
    {
        var admitted = 0;
        for (var i = 0; i < count; i++)
        {
            var response = await clients[i % clients.Length].GetAsync("/v1/people?limit=1");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            admitted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        return admitted;
    }

    private static int Remaining(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("RateLimit").Single().Split(";r=")[1].Split(';')[0]);

    [Fact]
    public async Task Two_instances_with_redis_admit_one_budget_between_them_not_two()
    {
        var key = (await fleet.CreateKeyAsync("fleet-shared")).Key;
        await using var first = fleet.Instance();
        await using var second = fleet.Instance();
        var a = WithKey(first, key);
        var b = WithKey(second, key);

        var afterFirst = await a.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        var afterSecond = await b.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);

        // The second instance's answer already counts the first instance's request.
        Assert.Equal((FleetFixture.KeyedReads - 1, FleetFixture.KeyedReads - 2), (Remaining(afterFirst), Remaining(afterSecond)));
        Assert.Equal(FleetFixture.KeyedReads - 2, await AdmittedAsync(3 * FleetFixture.KeyedReads, a, b));
        var refused = await b.GetAsync("/v1/people?limit=1");
        await refused.AssertProblemAsync(ProblemTypes.RateLimited);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Without_redis_each_instance_counts_a_budget_of_its_own()
    {
        var key = (await fleet.CreateKeyAsync("fleet-local")).Key;
        await using var first = fleet.Instance(shared: false);
        await using var second = fleet.Instance(shared: false);

        Assert.Equal(2 * FleetFixture.KeyedReads, await AdmittedAsync(3 * FleetFixture.KeyedReads, WithKey(first, key), WithKey(second, key)));
    }

    [Fact]
    public async Task A_restarted_instance_goes_on_with_the_budget_already_spent()
    {
        var key = (await fleet.CreateKeyAsync("fleet-restart")).Key;
        await using (var before = fleet.Instance())
        {
            Assert.Equal(4, await AdmittedAsync(4, WithKey(before, key)));
        }

        await using var after = fleet.Instance();

        Assert.Equal(FleetFixture.KeyedReads - 4, await AdmittedAsync(FleetFixture.KeyedReads, WithKey(after, key)));
    }

    [Fact]
    public async Task With_redis_down_requests_are_served_on_a_budget_of_the_instance_own_never_a_5xx()
    {
        await using var redis = await RedisServer.StartAsync();
        var key = (await fleet.CreateKeyAsync("fleet-redis-down")).Key;
        await using var instance = fleet.Instance(redis);
        var client = WithKey(instance, key);
        Assert.Equal(2, await AdmittedAsync(2, client));

        await redis.StopAsync();

        // Counted afresh in the instance's memory: the whole budget, then 429 as usual.
        var response = await client.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(FleetFixture.KeyedReads - 1, Remaining(response));
        Assert.Equal(FleetFixture.KeyedReads - 1, await AdmittedAsync(2 * FleetFixture.KeyedReads, client));
    }

    [Fact]
    public async Task A_key_revoked_through_one_instance_is_refused_by_the_other_within_the_write_window_for_writes_and_the_read_window_for_reads()
    {
        var admin = (await fleet.CreateKeyAsync("fleet-admin", ApiKeyScope.Admin)).Key;
        var reader = await fleet.CreateKeyAsync("fleet-revoked-reader");
        var writer = await fleet.CreateKeyAsync("fleet-revoked-writer");
        (string Key, string Value)[] windows = [("ApiKeys:ReadCacheDuration", "00:00:10"), ("ApiKeys:WriteCacheDuration", "00:00:02")];
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = fleet.Instance(settings: windows);
        await using var secondInstance = fleet.Instance(settings: windows);
        await using var second = secondInstance.WithClock(clock);
        var readsOnSecond = WithKey(second, reader.Key);
        var writesOnSecond = WithKey(second, writer.Key);
        await readsOnSecond.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        await writesOnSecond.PostAsJsonAsync("/v1/people", new { name = Unique("Soon Revoked Writer") }).AssertStatusAsync(HttpStatusCode.Created);

        await WithKey(first, admin).DeleteAsync($"/v1/keys/{reader.Prefix}").AssertStatusAsync(HttpStatusCode.NoContent);
        await WithKey(first, admin).DeleteAsync($"/v1/keys/{writer.Prefix}").AssertStatusAsync(HttpStatusCode.NoContent);

        // Writes rely on a lookup no older than the write window (docs/security.md)...
        clock.Advance(TimeSpan.FromSeconds(2));
        await writesOnSecond.PostAsJsonAsync("/v1/people", new { name = Unique("Revoked Writer") }).AssertStatusAsync(HttpStatusCode.Unauthorized);
        // ...reads within the read window may still be served, on the keyed budget, and none after it.
        clock.Advance(TimeSpan.FromSeconds(7));
        await readsOnSecond.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(1));
        await readsOnSecond.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Connections_beyond_the_cap_are_closed_and_idle_ones_end_after_the_keep_alive_timeout()
    {
        const int cap = 3;
        await using var instance = fleet.Instance(shared: false, settings: [("RequestLimits:MaxConnections", $"{cap}"), ("RequestLimits:KeepAliveTimeout", "00:00:02")]);
        instance.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        instance.StartServer();
        var port = new Uri(instance.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        var held = new List<TcpClient>();
        for (var i = 0; i < cap; i++)
        {
            var connection = await ConnectAsync(port);
            Assert.StartsWith("HTTP/1.1 200", await AskAsync(connection));
            held.Add(connection);
        }

        using (var refused = await ConnectAsync(port))
        {
            Assert.Equal("", await AskAsync(refused));
        }

        // Idle connections are closed by the server within the keep-alive timeout (plus Kestrel's 1 s heartbeat)...
        foreach (var connection in held)
        {
            await ClosedByServerAsync(connection).WaitAsync(TimeSpan.FromSeconds(20));
            connection.Dispose();
        }

        // ...and their places are free again.
        using var admitted = await ConnectAsync(port);
        Assert.StartsWith("HTTP/1.1 200", await AskAsync(admitted));
    }

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return client;
    }

    /// <summary>Reads what is left of the last answer, until the server closes the connection.</summary>
    private static async Task ClosedByServerAsync(TcpClient connection)
    {
        var buffer = new byte[4096];
        try
        {
            while (await connection.GetStream().ReadAsync(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Reset instead of closed: closed all the same.
        }
    }

    /// <summary>One keep-alive request on the connection; the status line and headers, or "" if the server closed it.</summary>
    private static async Task<string> AskAsync(TcpClient connection)
    {
        var stream = connection.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
