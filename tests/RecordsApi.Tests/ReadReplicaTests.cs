using RecordsApi.Infrastructure.Auth;

namespace RecordsApi.Tests;

/// <summary>
/// A primary and a streaming replica of it (pg_basebackup -R), both clusters of the tests' own, and the service
/// with ConnectionStrings:PostgresRead on the replica. Replay on the replica can be paused, so that a write is on
/// the primary only: whichever server answered a read shows in whether the read sees it.
/// </summary>
public sealed class ReplicaFixture : IAsyncLifetime
{
    public const string DatabaseName = "records_replicas";

    public PostgresServer Primary { get; private set; } = null!;

    public PostgresServer Replica { get; private set; } = null!;

    public OwnServerApi Api { get; private set; } = null!;

    /// <summary>A client with a write key.</summary>
    public HttpClient Writer { get; private set; } = null!;

    /// <summary>A client without a key, whose reads never follow a write of its own.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public string ReplicaDatabase => OnDatabase(Replica);

    public async Task InitializeAsync()
    {
        Primary = await PostgresServer.StartOwnClusterAsync();
        await Primary.CreateDatabaseAsync(DatabaseName);
        Replica = await Primary.StartStreamingReplicaAsync();
        Api = new OwnServerApi(OnDatabase(Primary), new Dictionary<string, string>
        {
            ["ConnectionStrings:PostgresRead"] = ReplicaDatabase,
            ["Database:ReplicaRecheck"] = "00:00:01",
        });
        Writer = await Api.CreateWriterClientAsync(new() { AllowAutoRedirect = false });
        Anonymous = Api.CreateClient(new() { AllowAutoRedirect = false });
        await CatchUpAsync();
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Replica.DisposeAsync();
        await Primary.DisposeAsync();
    }

    public static string OnDatabase(PostgresServer server) =>
        new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = DatabaseName, Pooling = false }.ConnectionString;

    public static int PortOf(PostgresServer server) => new NpgsqlConnectionStringBuilder(server.ConnectionString).Port;

    /// <summary>Waits until the replica has replayed everything the primary has written so far.</summary>
    public Task CatchUpAsync() => CatchUpAsync(Primary, Replica);

    /// <summary>Waits until <paramref name="standby"/> has replayed everything <paramref name="primaryServer"/> has written so far.</summary>
    public static async Task CatchUpAsync(PostgresServer primaryServer, PostgresServer standby)
    {
        string target;
        await using (var primary = new NpgsqlConnection(OnDatabase(primaryServer)))
        {
            target = await primary.ExecuteScalarAsync<string>("SELECT pg_current_wal_lsn()::text") ?? "";
        }

        await using var replica = new NpgsqlConnection(OnDatabase(standby));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await replica.ExecuteScalarAsync<bool>("SELECT pg_last_wal_replay_lsn() >= @target::pg_lsn", new { target }))
        {
            Assert.True(DateTime.UtcNow < deadline, "the replica did not catch up with the primary within 30 s");
            await Task.Delay(100);
        }
    }

    /// <summary>Pauses replay on the replica: until <see cref="ResumeReplayAsync"/>, what the primary writes is on the primary only.</summary>
    public Task PauseReplayAsync() => OnReplicaAsync("SELECT pg_wal_replay_pause()");

    public async Task ResumeReplayAsync()
    {
        await OnReplicaAsync("SELECT pg_wal_replay_resume()");
        await CatchUpAsync();
    }

    private async Task OnReplicaAsync(string sql)
    {
        await using var replica = new NpgsqlConnection(ReplicaDatabase);
        await replica.ExecuteAsync(sql);
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicaCollection : ICollectionFixture<ReplicaFixture>
{
    public const string Name = "replicas";
}

[Collection(ReplicaCollection.Name)]
public sealed class ReadReplicaTests(ReplicaFixture fixture)
{
    /// <summary>Creates a person through the API (so on the primary) while the replica does not replay, and returns its name and slug.</summary>
    private async Task<(string Name, string Slug)> CreateOnPrimaryOnlyAsync(HttpClient writer)
    {
        await fixture.CatchUpAsync();
        await fixture.PauseReplayAsync();
        var name = Unique("Zzzz Replica");
        var created = await writer.PostAsync("/v1/people", Json(new { name }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (name, (await created.ReadJsonAsync()).GetProperty("slug").GetString()!);
    }

    private static async Task<bool> ListsAsync(HttpResponseMessage response, string slug)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Any(item => item.GetProperty("slug").GetString() == slug);
    }

    private static string ListFor(string name) => "/v1/people?q=" + Uri.EscapeDataString(name);

    [Fact]
    public async Task Lists_searches_and_the_export_read_from_the_replica_while_reads_by_slug_read_the_primary()
    {
        var (name, slug) = await CreateOnPrimaryOnlyAsync(fixture.Writer);
        try
        {
            Assert.False(await ListsAsync(await fixture.Anonymous.GetAsync(ListFor(name)), slug), "a search saw a row the replica has not replayed");
            Assert.False(await ListsAsync(await fixture.Anonymous.GetAsync("/v1/people?limit=200&sort=-name"), slug), "a list saw a row the replica has not replayed");
            Assert.DoesNotContain(slug, await fixture.Anonymous.GetStringAsync("/v1/export"));
            await fixture.Anonymous.GetAsync($"/v1/people/{slug}").AssertStatusAsync(HttpStatusCode.OK);
        }
        finally
        {
            await fixture.ResumeReplayAsync();
        }

        Assert.True(await ListsAsync(await fixture.Anonymous.GetAsync(ListFor(name)), slug), "the replica, caught up, did not list the row");
    }

    [Fact]
    public async Task A_client_reads_its_own_write_and_a_conditional_or_no_cache_read_sees_the_primary()
    {
        var (name, slug) = await CreateOnPrimaryOnlyAsync(fixture.Writer);
        try
        {
            // The key that wrote reads on the primary for a while (Database:ReadYourWritesWindow).
            Assert.True(await ListsAsync(await fixture.Writer.GetAsync(ListFor(name)), slug), "the writer did not read its own write");

            // Anyone asking for the latest, or revalidating a validator, reads on the primary.
            using var noCache = new HttpRequestMessage(HttpMethod.Get, ListFor(name));
            noCache.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            Assert.True(await ListsAsync(await fixture.Anonymous.SendAsync(noCache), slug), "Cache-Control: no-cache read a lagging replica");
            using var revalidation = new HttpRequestMessage(HttpMethod.Get, ListFor(name));
            revalidation.Headers.TryAddWithoutValidation("If-None-Match", "\"an-older-etag\"");
            Assert.True(await ListsAsync(await fixture.Anonymous.SendAsync(revalidation), slug), "If-None-Match read a lagging replica");

            // Everyone else may read the replica, which has not replayed the write yet.
            Assert.False(await ListsAsync(await fixture.Anonymous.GetAsync(ListFor(name)), slug));
        }
        finally
        {
            await fixture.ResumeReplayAsync();
        }
    }

    [Fact]
    public async Task Writes_go_to_the_primary_even_when_the_primary_string_prefers_a_standby_listed_first()
    {
        // The service starts (its start-up migrates and writes a secret) and writes, although this string lists the standby first and prefers it.
        var preferStandby = new NpgsqlConnectionStringBuilder(ReplicaFixture.OnDatabase(fixture.Primary))
        {
            Host = $"127.0.0.1:{ReplicaFixture.PortOf(fixture.Replica)},127.0.0.1:{ReplicaFixture.PortOf(fixture.Primary)}",
            TargetSessionAttributes = "prefer-standby",
            Pooling = true,
        }.ConnectionString;
        await using var service = fixture.Api.WithSettings(("ConnectionStrings:Postgres", preferStandby));
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, await fixture.Api.WriterKeyAsync());
        var name = Unique("Written To Primary");
        await client.PostAsync("/v1/people", Json(new { name })).AssertStatusAsync(HttpStatusCode.Created);

        await using var primary = new NpgsqlConnection(ReplicaFixture.OnDatabase(fixture.Primary));
        Assert.Equal(1, await primary.ExecuteScalarAsync<int>("SELECT count(*) FROM people WHERE name = @name", new { name }));
        await using var replica = new NpgsqlConnection(fixture.ReplicaDatabase);
        Assert.True(await replica.ExecuteScalarAsync<bool>("SELECT pg_is_in_recovery()"), "the replica was promoted or written to");
    }

    [Fact]
    public async Task Reads_stay_200_on_the_primary_while_the_replica_is_down()
    {
        await fixture.CatchUpAsync();
        // Pooled connections to the replica first, which its stop then breaks.
        for (var i = 0; i < 3; i++)
        {
            await fixture.Anonymous.GetAsync("/v1/people").AssertStatusAsync(HttpStatusCode.OK);
        }

        await fixture.Replica.StopServerAsync();
        try
        {
            var name = Unique("Replica Down");
            await fixture.Writer.PostAsync("/v1/people", Json(new { name })).AssertStatusAsync(HttpStatusCode.Created);
            foreach (var path in new[] { "/v1/people", ListFor(name), "/v1/missions", "/v1/leaderboards/most-flights", "/v1/people", "/v1/missions" })
            {
                await fixture.Anonymous.GetAsync(path).AssertStatusAsync(HttpStatusCode.OK);
            }

            // The primary answered: it has the row the replica never received.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.True(await ListsAsync(await fixture.Anonymous.GetAsync(ListFor(name)), (await PersonSlugAsync(name))!));
        }
        finally
        {
            await fixture.Replica.StartServerAgainAsync();
            await fixture.CatchUpAsync();
        }

        // Back on the replica once its pause is over: a write it has not replayed is not listed to others.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var (paused, slug) = await CreateOnPrimaryOnlyAsync(fixture.Writer);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (await ListsAsync(await fixture.Anonymous.GetAsync(ListFor(paused)), slug))
            {
                Assert.True(DateTime.UtcNow < deadline, "reads did not return to the replica after it came back");
                await Task.Delay(500);
            }
        }
        finally
        {
            await fixture.ResumeReplayAsync();
        }
    }

    private async Task<string?> PersonSlugAsync(string name)
    {
        await using var primary = new NpgsqlConnection(ReplicaFixture.OnDatabase(fixture.Primary));
        return await primary.ExecuteScalarAsync<string>("SELECT slug FROM people WHERE name = @name", new { name });
    }
}
