namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class ChangesTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateWriterClient();

    /// <summary>The last change number, once every revision committed so far has one.</summary>
    private async Task<long> LastSequenceAsync()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT number_revisions()");
    }

    /// <summary>Appends a revision of the person in <paramref name="transaction"/>, as a write does; returns its id.</summary>
    private static Task<long> AppendRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long personId, string changedBy) =>
        connection.ExecuteScalarAsync<long>(
            """
            UPDATE people SET version = version + 1, updated_at = now() WHERE id = @personId;
            SELECT append_revision('people', p.id, p.version, 'update', @changedBy, person_document(p)) FROM people p WHERE p.id = @personId;
            """,
            new { personId, changedBy },
            transaction);

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
        var updated = await (await client.PutIfMatchAsync($"/v1/people/{id}", new { name = "Fed Person Renamed" }, "\"1\"").AssertStatusAsync(HttpStatusCode.OK)).ReadJsonAsync();
        await client.DeleteIfMatchAsync($"/v1/people/{id}", "\"2\"").AssertStatusAsync(HttpStatusCode.NoContent);

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
        var since = await LastSequenceAsync();

        // Transaction A appends a revision and holds it, uncommitted.
        await using var connection = await api.Database.OpenConnectionAsync();
        await using var late = await connection.BeginTransactionAsync();
        await AppendRevisionAsync(connection, late, id, "late-committer");

        // Request B writes after A appended, without waiting for it, and commits first: it comes first.
        var laterName = Unique("Later Writer");
        await CreateAsync(laterName);
        var meanwhile = await FeedAsync(since);
        var first = Assert.Single(Items(meanwhile));
        Assert.Equal((since + 1, laterName), (first.GetProperty("sequence").GetInt64(), first.GetProperty("data").GetProperty("name").GetString()));
        Assert.Equal(since + 1, meanwhile.GetProperty("nextSince").GetInt64());

        // A commits late: a reader continuing from where it stopped gets it next, not skipped.
        await late.CommitAsync();
        var next = Assert.Single(Items(await FeedAsync(since + 1)));
        Assert.Equal((since + 2, "late-committer", id), (next.GetProperty("sequence").GetInt64(), next.GetProperty("changedBy").GetString(), next.GetProperty("id").GetInt64()));
        Assert.Equal([since + 1, since + 2], Items(await FeedAsync(since)).Select(i => i.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Writes_in_flight_together_never_wait_for_each_other()
    {
        var people = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            people.Add((await CreateAsync(Unique("Parallel Writer"))).GetProperty("id").GetInt64());
        }

        var since = await LastSequenceAsync();
        // A transaction holds a revision it appended, uncommitted (rolled back at the end).
        await using var holderConnection = await api.Database.OpenConnectionAsync();
        await using var holder = await holderConnection.BeginTransactionAsync();
        await AppendRevisionAsync(holderConnection, holder, people[0], "never-committed");

        // Two more append theirs at the same time, both still uncommitted: a wait for another write's lock would time out.
        await using var firstConnection = await api.Database.OpenConnectionAsync();
        await using var secondConnection = await api.Database.OpenConnectionAsync();
        await using var first = await firstConnection.BeginTransactionAsync();
        await using var second = await secondConnection.BeginTransactionAsync();
        await firstConnection.ExecuteAsync("SET LOCAL lock_timeout = '2s'", transaction: first);
        await secondConnection.ExecuteAsync("SET LOCAL lock_timeout = '2s'", transaction: second);
        await AppendRevisionAsync(firstConnection, first, people[1], "in-flight-1");
        await AppendRevisionAsync(secondConnection, second, people[2], "in-flight-2");
        await second.CommitAsync();
        await first.CommitAsync();

        // And the service's own writes go through meanwhile.
        var created = await Task.WhenAll(CreateAsync(Unique("Unblocked A")), CreateAsync(Unique("Unblocked B")));
        await holder.RollbackAsync();

        // The rolled-back revision leaves no gap, and nothing committed is missing.
        var items = Items(await FeedAsync(since));
        Assert.Equal(Enumerable.Range(1, 4).Select(i => since + i), items.Select(i => i.GetProperty("sequence").GetInt64()));
        Assert.Equal(["in-flight-1", "in-flight-2"], items.Take(2).Select(i => i.GetProperty("changedBy").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(created.Select(c => c.GetProperty("id").GetInt64()).Order(), items.Skip(2).Select(i => i.GetProperty("id").GetInt64()).Order());
    }

    [Fact]
    public async Task Numberers_racing_give_every_revision_one_number_with_no_gap()
    {
        var id = (await CreateAsync(Unique("Numbered Person"))).GetProperty("id").GetInt64();
        var since = await LastSequenceAsync();

        // Numberer 1 takes its turn (so the service's own numberer waits behind it), revisions commit,
        // and it numbers them, holding its lock uncommitted.
        await using var firstConnection = await api.Database.OpenConnectionAsync();
        await using var first = await firstConnection.BeginTransactionAsync();
        await firstConnection.ExecuteAsync("SELECT FROM change_sequence FOR UPDATE", transaction: first);
        await using var writer = await api.Database.OpenConnectionAsync();
        var early = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            early.Add(await AppendRevisionAsync(writer, null, id, "numbered-early"));
        }

        var firstLast = await firstConnection.ExecuteScalarAsync<long>("SELECT number_revisions()", transaction: first);
        Assert.Equal(since + 3, firstLast);

        // More revisions commit; numberer 2 starts while numberer 1 still holds the lock, so to it
        // the first three still look unnumbered. It must wait, then number only the later ones.
        var later = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            later.Add(await AppendRevisionAsync(writer, null, id, "numbered-later"));
        }

        await using var secondConnection = await api.Database.OpenConnectionAsync();
        var secondPid = await secondConnection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
        var secondNumbering = secondConnection.ExecuteScalarAsync<long>("SELECT number_revisions()");
        await WaitUntilBlockedAsync(secondPid, secondNumbering);
        await first.CommitAsync();
        var secondLast = await secondNumbering;

        // The service's own numberer may have taken its turn between the two: the numbers are the same.
        Assert.Equal(since + 5, secondLast);
        var numbers = (await writer.QueryAsync<(long Id, long Sequence)>(
            "SELECT id, sequence FROM revisions WHERE id = ANY(@ids) ORDER BY id", new { ids = early.Concat(later).ToArray() })).ToList();
        Assert.Equal(Enumerable.Range(1, 5).Select(i => since + i), numbers.Select(n => n.Sequence));
        var (count, numbered, highest, last) = await writer.QuerySingleAsync<(long, long, long, long)>(
            "SELECT count(*), count(sequence), max(sequence), (SELECT last_sequence FROM change_sequence) FROM revisions");
        Assert.Equal((count, count, count), (numbered, highest, last));
    }

    /// <summary>Waits until the backend waits for a lock (as it must), or fails if its statement finished instead.</summary>
    private async Task WaitUntilBlockedAsync(int pid, Task statement)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        await using var probe = await api.Database.OpenConnectionAsync();
        while (!await probe.ExecuteScalarAsync<bool>("SELECT cardinality(pg_blocking_pids(@pid)) > 0", new { pid }))
        {
            Assert.False(statement.IsCompleted, "the second numberer finished without waiting for the first");
            Assert.True(DateTime.UtcNow < deadline, "the second numberer never waited for the first");
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

    [Fact]
    public async Task The_largest_page_is_accepted()
    {
        var page = await FeedAsync(0, 1000);

        Assert.InRange(Items(page).Count, 1, 1000);
    }
}
