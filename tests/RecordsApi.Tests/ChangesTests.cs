using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using RecordsApi.Tests.Infrastructure;
using static RecordsApi.Tests.Infrastructure.HttpAssertions;

namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class ChangesTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateWriterClient();

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<long> LastSequenceAsync()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT last_sequence FROM change_sequence");
    }

    private async Task<long> LastVisibleSequenceAsync()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(sequence), 0) FROM revisions");
    }

    private async Task<JsonElement> CreateAsync(string name)
    {
        var response = await client.PostAsync("/v1/people", Json(new { name })).AssertStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> FeedAsync(long since, int? limit = null)
    {
        var response = await client.GetAsync($"/v1/changes?since={since}" + (limit is null ? "" : $"&limit={limit}")).AssertStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task The_feed_lists_every_write_of_a_person_in_order_with_its_document()
    {
        var since = await LastSequenceAsync();
        var created = await CreateAsync(Unique("Fed Person"));
        var id = created.GetProperty("id").GetInt64();
        var put = new HttpRequestMessage(HttpMethod.Put, $"/v1/people/{id}") { Content = Json(new { name = "Fed Person Renamed" }) };
        put.Headers.IfMatch.Add(EntityTagHeaderValue.Parse("\"1\""));
        var updated = await (await client.SendAsync(put).AssertStatusAsync(HttpStatusCode.OK)).ReadJsonAsync();
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v1/people/{id}");
        delete.Headers.IfMatch.Add(EntityTagHeaderValue.Parse("\"2\""));
        await client.SendAsync(delete).AssertStatusAsync(HttpStatusCode.NoContent);

        var page = await FeedAsync(since);

        var items = Items(page);
        Assert.Equal(3, items.Count);
        Assert.Equal([since + 1, since + 2, since + 3], items.Select(i => i.GetProperty("sequence").GetInt64()));
        Assert.All(items, i => Assert.Equal(("people", id, ApiFixture.WriterName), (i.GetProperty("resource").GetString(), i.GetProperty("id").GetInt64(), i.GetProperty("changedBy").GetString())));
        Assert.Equal(["create", "update", "delete"], items.Select(i => i.GetProperty("operation").GetString()));
        Assert.Equal([1, 2, 3], items.Select(i => i.GetProperty("version").GetInt32()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(created.ToString()), JsonNode.Parse(items[0].GetProperty("data").ToString())));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(updated.ToString()), JsonNode.Parse(items[1].GetProperty("data").ToString())));
        Assert.EndsWith("Z", items[0].GetProperty("changedAt").GetString());
        Assert.Equal(since + 3, page.GetProperty("nextSince").GetInt64());
        Assert.False(page.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task A_client_following_next_since_pages_through_and_then_waits_at_the_end()
    {
        var since = await LastSequenceAsync();
        var names = new[] { Unique("Paged A"), Unique("Paged B"), Unique("Paged C") };
        foreach (var name in names)
        {
            await CreateAsync(name);
        }

        var first = await client.GetAsync($"/v1/changes?since={since}&limit=2").AssertStatusAsync(HttpStatusCode.OK);
        var page = await first.ReadJsonAsync();
        Assert.Equal(2, Items(page).Count);
        Assert.True(page.GetProperty("hasMore").GetBoolean());
        var next = page.GetProperty("nextSince").GetInt64();
        Assert.Equal(since + 2, next);
        var link = Assert.Single(first.Headers.GetValues("Link"));
        Assert.Contains($"since={next}&limit=2>; rel=\"next\"", link);

        var second = await FeedAsync(next, 2);
        Assert.Equal(names[2], Assert.Single(Items(second)).GetProperty("data").GetProperty("name").GetString());
        Assert.False(second.GetProperty("hasMore").GetBoolean());

        var caughtUp = await client.GetAsync($"/v1/changes?since={since + 3}").AssertStatusAsync(HttpStatusCode.OK);
        var empty = await caughtUp.ReadJsonAsync();
        Assert.Empty(Items(empty));
        Assert.Equal(since + 3, empty.GetProperty("nextSince").GetInt64());
        Assert.False(caughtUp.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Sequences_from_the_beginning_are_gap_free_and_strictly_increasing()
    {
        await CreateAsync(Unique("Counted Person"));
        var last = await LastSequenceAsync();
        var seen = new List<long>();
        for (long since = 0; ;)
        {
            var page = await FeedAsync(since, 1000);
            seen.AddRange(Items(page).Select(i => i.GetProperty("sequence").GetInt64()));
            since = page.GetProperty("nextSince").GetInt64();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task A_change_that_commits_later_is_never_skipped_by_a_reader()
    {
        var person = await CreateAsync(Unique("Late Committer"));
        var id = person.GetProperty("id").GetInt64();
        var since = await LastVisibleSequenceAsync();

        // Transaction A takes the next sequence number and holds it, uncommitted.
        await using var connection = await api.Database.OpenConnectionAsync();
        await using var late = await connection.BeginTransactionAsync();
        var lateSequence = await connection.ExecuteScalarAsync<long>(
            """
            UPDATE people SET name = name || ' (late)', version = version + 1, updated_at = now() WHERE id = @id;
            SELECT append_revision('people', p.id, p.version, 'update', 'late-committer', person_document(p)) FROM people p WHERE p.id = @id;
            """,
            new { id },
            late);

        // Request B starts a write after A; it may only become visible after A.
        var laterName = Unique("Later Writer");
        var later = client.PostAsync("/v1/people", Json(new { name = laterName }));
        await WaitUntilBlockedOrDoneAsync(later);

        var meanwhile = await FeedAsync(since);
        Assert.Empty(Items(meanwhile));
        Assert.Equal(since, meanwhile.GetProperty("nextSince").GetInt64());

        await late.CommitAsync();
        await later.AssertStatusAsync(HttpStatusCode.Created);
        var after = Items(await FeedAsync(since));
        Assert.Equal([since + 1, since + 2], after.Select(i => i.GetProperty("sequence").GetInt64()));
        Assert.Equal(since + 1, lateSequence);
        Assert.Equal("late-committer", after[0].GetProperty("changedBy").GetString());
        Assert.Equal(laterName, after[1].GetProperty("data").GetProperty("name").GetString());
    }

    /// <summary>B either waits behind A's lock (the guarantee) or finishes (the guarantee is broken and the test fails after).</summary>
    private async Task WaitUntilBlockedOrDoneAsync(Task request)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!request.IsCompleted && DateTime.UtcNow < deadline)
        {
            await using var probe = await api.Database.OpenConnectionAsync();
            if (await probe.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'records-api'") > 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_mirror_reading_during_concurrent_writes_sees_every_change_once_and_in_order()
    {
        var start = await LastSequenceAsync();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var ids = new List<long>();
            for (var i = 0; i < 15; i++)
            {
                ids.Add((await CreateAsync($"Mirror {w}-{i} {Guid.NewGuid():N}"[..24])).GetProperty("id").GetInt64());
            }

            return ids;
        })).ToArray();
        var allWritten = Task.WhenAll(writers);

        var mirrored = new List<(long Sequence, long Id)>();
        var since = start;
        while (true)
        {
            var done = allWritten.IsCompleted;
            var page = await FeedAsync(since, 7);
            var items = Items(page);
            // Every page continues exactly where the last one stopped: no gap, no repeat, no reordering.
            Assert.Equal(Enumerable.Range(1, items.Count).Select(i => since + i), items.Select(i => i.GetProperty("sequence").GetInt64()));
            mirrored.AddRange(items.Select(i => (i.GetProperty("sequence").GetInt64(), i.GetProperty("id").GetInt64())));
            since = page.GetProperty("nextSince").GetInt64();
            if (done && !page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
        }

        var written = (await allWritten).SelectMany(ids => ids).ToHashSet();
        Assert.Equal(written.Count, mirrored.Count);
        Assert.True(written.SetEquals(mirrored.Select(m => m.Id)));
    }

    public static TheoryData<string, string> InvalidQueries => new()
    {
        { "since=-1", "since" },
        { "since=abc", "since" },
        { "since=99999999999999999999", "since" },
        { "limit=0", "limit" },
        { "limit=1001", "limit" },
        { "limit=-5", "limit" },
        { "cursor=abc", "cursor" },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task An_invalid_query_is_400_naming_the_parameter(string query, string field)
    {
        await (await client.GetAsync($"/v1/changes?{query}")).AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task The_largest_page_is_accepted()
    {
        var page = await FeedAsync(0, 1000);

        Assert.InRange(Items(page).Count, 1, 1000);
    }
}
