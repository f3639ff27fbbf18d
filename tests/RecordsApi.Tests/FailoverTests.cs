using System.Diagnostics;
using Xunit.Abstractions;

namespace RecordsApi.Tests;

/// <summary>
/// A primary and its streaming replica, and the service with both in its primary connection string
/// (Host=primary,replica): the tests kill the primary and promote the replica, so each run uses up the pair.
/// </summary>
public sealed class FailoverFixture : IAsyncLifetime
{
    public PostgresServer Primary { get; private set; } = null!;

    public PostgresServer Replica { get; private set; } = null!;

    public OwnServerApi Api { get; private set; } = null!;

    public HttpClient Writer { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Primary = await PostgresServer.StartOwnClusterAsync();
        await Primary.CreateDatabaseAsync(ReplicaFixture.DatabaseName);
        Replica = await Primary.StartStreamingReplicaAsync();
        var bothHosts = new NpgsqlConnectionStringBuilder(ReplicaFixture.OnDatabase(Primary))
        {
            Host = $"127.0.0.1:{ReplicaFixture.PortOf(Primary)},127.0.0.1:{ReplicaFixture.PortOf(Replica)}",
            Pooling = true,
            // Npgsql remembers a host's state (down, standby) this long: the failover is noticed sooner.
            HostRecheckSeconds = 1,
        }.ConnectionString;
        Api = new OwnServerApi(bothHosts);
        Writer = await Api.CreateWriterClientAsync(new() { AllowAutoRedirect = false });
        Anonymous = Api.CreateClient(new() { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Replica.DisposeAsync();
        await Primary.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FailoverCollection : ICollectionFixture<FailoverFixture>
{
    public const string Name = "failover";
}

[Collection(FailoverCollection.Name)]
public sealed class FailoverTests(FailoverFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_primary_and_promoting_the_replica_answers_503s_never_500s_then_writes_resume()
    {
        await fixture.Writer.PostAsync("/v1/people", Json(new { name = Unique("Before Failover") })).AssertStatusAsync(HttpStatusCode.Created);

        // Replication is asynchronous: what the primary had not yet sent when it died is lost with it, the
        // test's API key included. A failover manager promotes the standby that is furthest ahead; here it
        // is the only one, so it is made to hold everything written so far before the primary is killed.
        await ReplicaFixture.CatchUpAsync(fixture.Primary, fixture.Replica);
        await fixture.Primary.StopServerAsync(immediate: true);

        var statuses = new List<string>();
        var promoted = false;
        var clock = Stopwatch.StartNew();
        var createdAfterPromotion = 0;
        while (createdAfterPromotion < 3)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "writes did not resume within 60 s of the failover: " + string.Join(", ", statuses));
            if (!promoted && clock.Elapsed > TimeSpan.FromSeconds(2))
            {
                // The standby becomes the primary, as an operator or a failover manager would make it.
                await fixture.Replica.PromoteAsync();
                promoted = true;
            }

            var write = await fixture.Writer.PostAsync("/v1/people", Json(new { name = Unique("During Failover") }));
            var read = await fixture.Anonymous.GetAsync("/v1/people");
            statuses.Add($"{(int)write.StatusCode}/{(int)read.StatusCode}");
            if (write.StatusCode != HttpStatusCode.Created)
            {
                await write.AssertDatabaseUnavailableAsync("a write during the failover");
            }

            if (read.StatusCode != HttpStatusCode.OK)
            {
                await read.AssertDatabaseUnavailableAsync("a read during the failover");
            }

            createdAfterPromotion += promoted && write.StatusCode == HttpStatusCode.Created ? 1 : 0;
            await Task.Delay(100);
        }

        output.WriteLine($"write/read statuses over {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", statuses)}");
        await using var promotedServer = new NpgsqlConnection(ReplicaFixture.OnDatabase(fixture.Replica));
        Assert.False(await promotedServer.ExecuteScalarAsync<bool>("SELECT pg_is_in_recovery()"));
        Assert.True(await promotedServer.ExecuteScalarAsync<int>("SELECT count(*) FROM people WHERE name LIKE 'During Failover %'") >= 3);
    }
}
