namespace RecordsApi.Tests;

/// <summary>
/// Records over HTTP. Most tests use the shared database with records of their own; those that check a
/// record against the leaderboards use the leaderboards' database, whose flights no other test leaves behind.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RecordsTests(ApiFixture api) : IAsyncLifetime
{
    private readonly HttpClient client = api.CreateWriterClient();
    private IsolatedApi isolated = null!;
    private HttpClient checkedClient = null!;
    private FlightData data = null!;

    public async Task InitializeAsync()
    {
        isolated = await api.IsolatedAsync(LeaderboardsTests.DatabaseName);
        checkedClient = isolated.CreateWriterClient();
        data = new FlightData(isolated.Database);
    }

    public async Task DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task The_first_feature_film_shot_in_space_was_made_by_Shipenko_and_Yulia_Peresild_on_Soyuz_MS_19()
    {
        var response = await client.GetAsync("/v1/records/first-feature-film-shot-in-space").AssertStatusAsync(HttpStatusCode.OK);
        var record = await response.ReadJsonAsync();

        Assert.Equal(("First feature film shot in space", "first"), (record.GetProperty("title").GetString(), record.GetProperty("category").GetString()));
        var holding = Assert.Single(record.GetProperty("progression").EnumerateArray());
        Assert.Equal(holding.ToString(), record.GetProperty("current").ToString());
        Assert.Equal(["Klim Shipenko", "Yulia Peresild"], holding.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["klim-shipenko", "yulia-peresild"], holding.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("slug").GetString()));
        Assert.Equal(("soyuz-ms-19", "Soyuz MS-19"), (holding.GetProperty("mission").GetProperty("slug").GetString(), holding.GetProperty("mission").GetProperty("name").GetString()));
        Assert.Equal("2021-10-05", holding.GetProperty("achievedOn").GetString());
        Assert.Contains("«Вызов»", holding.GetProperty("notes").GetString());
        Assert.NotEmpty(holding.GetProperty("sources").EnumerateArray());
        Assert.NotEmpty(record.GetProperty("sources").EnumerateArray());
        Assert.DoesNotContain("Elena", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.False(record.TryGetProperty("agreesWithData", out _));
    }

    [Fact]
    public async Task The_first_human_in_space_was_Gagarin_on_Vostok_1()
    {
        var record = await client.GetFromJsonAsync<JsonElement>("/v1/records/first-human-in-space");

        var holding = Assert.Single(record.GetProperty("progression").EnumerateArray());
        Assert.Equal(("yuri-gagarin", "vostok-1", "1961-04-12"), (
            Assert.Single(holding.GetProperty("people").EnumerateArray()).GetProperty("slug").GetString(),
            holding.GetProperty("mission").GetProperty("slug").GetString(),
            holding.GetProperty("achievedOn").GetString()));
    }

    [Fact]
    public async Task The_oldest_person_record_progresses_Glenn_Funk_Shatner_Dwight_with_their_ages_in_days()
    {
        var record = await client.GetFromJsonAsync<JsonElement>("/v1/records/oldest-person-to-fly-in-space");

        Assert.Equal(("age", "oldest-at-launch"), (record.GetProperty("category").GetString(), record.GetProperty("metric").GetString()));
        Assert.Equal(
            [
                ("john-glenn", "sts-95", "1998-10-29", 28227m),
                ("wally-funk", "new-shepard-ns-16", "2021-07-20", 30120m),
                ("william-shatner", "new-shepard-ns-18", "2021-10-13", 33078m),
                ("ed-dwight", "new-shepard-ns-25", "2024-05-19", 33125m),
            ],
            Holdings(record));
        Assert.All(record.GetProperty("progression").EnumerateArray(), h => Assert.Equal("days", h.GetProperty("unit").GetString()));
        Assert.Equal("ed-dwight", Holders(record.GetProperty("current"))[0]);
    }

    [Fact]
    public async Task The_youngest_person_and_longest_flight_records_are_seeded_with_their_holders()
    {
        var youngest = await client.GetFromJsonAsync<JsonElement>("/v1/records/youngest-person-to-fly-in-space");
        var longest = await client.GetFromJsonAsync<JsonElement>("/v1/records/longest-single-human-spaceflight");

        Assert.Equal(
            [("yuri-gagarin", "vostok-1", "1961-04-12", 9896m), ("gherman-titov", "vostok-2", "1961-08-06", 9461m), ("oliver-daemen", "new-shepard-ns-16", "2021-07-20", 6909m)],
            Holdings(youngest));
        Assert.Equal(("duration", "longest-flight"), (longest.GetProperty("category").GetString(), longest.GetProperty("metric").GetString()));
        Assert.Equal([("valeri-polyakov", "soyuz-tm-18", "1995-03-22", 437.75m)], Holdings(longest));
    }

    [Fact]
    public async Task Seeded_records_start_their_history_with_a_create_by_seed()
    {
        foreach (var slug in new[] { "first-human-in-space", "first-feature-film-shot-in-space", "oldest-person-to-fly-in-space", "youngest-person-to-fly-in-space", "longest-single-human-spaceflight" })
        {
            var history = await client.GetFromJsonAsync<JsonElement>($"/v1/records/{slug}/history");

            var first = history.GetProperty("items")[0];
            Assert.Equal(("create", "seed", 1), (first.GetProperty("operation").GetString(), first.GetProperty("changedBy").GetString(), first.GetProperty("version").GetInt32()));
            Assert.Equal(slug, first.GetProperty("data").GetProperty("slug").GetString());
            Assert.NotEmpty(first.GetProperty("data").GetProperty("progression").EnumerateArray());
        }
    }

    [Fact]
    public async Task Seeded_records_with_a_metric_agree_with_the_data()
    {
        foreach (var slug in new[] { "oldest-person-to-fly-in-space", "youngest-person-to-fly-in-space", "longest-single-human-spaceflight" })
        {
            var record = await checkedClient.GetFromJsonAsync<JsonElement>($"/v1/records/{slug}");

            Assert.True(record.GetProperty("agreesWithData").GetBoolean(), slug);
            Assert.False(record.TryGetProperty("computedLeader", out _));
        }
    }

    [Fact]
    public async Task A_record_whose_holder_is_not_the_computed_leader_disagrees_and_names_the_leader()
    {
        var record = await CreateAsync(checkedClient, new { title = Unique("Oldest Again"), category = "age", metric = "oldest-at-launch" });
        var id = record.GetProperty("id").GetInt64();
        Assert.False(record.GetProperty("agreesWithData").GetBoolean());

        await PostHoldingAsync(checkedClient, id, new { achievedOn = "1998-10-29", mission = "sts-95", people = new[] { "john-glenn" } }).AssertStatusAsync(HttpStatusCode.Created);
        var disagreeing = await checkedClient.GetFromJsonAsync<JsonElement>($"/v1/records/{id}");

        Assert.False(disagreeing.GetProperty("agreesWithData").GetBoolean());
        var leader = disagreeing.GetProperty("computedLeader");
        Assert.Equal(("ed-dwight", "new-shepard-ns-25", "2024-05-19", 1), (
            leader.GetProperty("person").GetProperty("slug").GetString(), leader.GetProperty("mission").GetProperty("slug").GetString(),
            leader.GetProperty("date").GetString(), leader.GetProperty("rank").GetInt32()));
        Assert.Equal("""{"years":90,"days":253}""", leader.GetProperty("age").GetRawText());

        // The right person on the wrong mission does not agree either.
        await PostHoldingAsync(checkedClient, id, new { achievedOn = "2024-05-19", mission = "sts-95", people = new[] { "ed-dwight" } }).AssertStatusAsync(HttpStatusCode.Created);
        Assert.False((await checkedClient.GetFromJsonAsync<JsonElement>($"/v1/records/{id}")).GetProperty("agreesWithData").GetBoolean());

        await PostHoldingAsync(checkedClient, id, new { achievedOn = "2024-05-20", mission = "new-shepard-ns-25", people = new[] { "ed-dwight" } }).AssertStatusAsync(HttpStatusCode.Created);
        var agreeing = await checkedClient.GetFromJsonAsync<JsonElement>($"/v1/records/{id}");
        Assert.True(agreeing.GetProperty("agreesWithData").GetBoolean());
        Assert.False(agreeing.TryGetProperty("computedLeader", out _));
    }

    [Fact]
    public async Task New_flight_data_makes_a_curated_record_disagree_and_changes_its_etag()
    {
        var before = await checkedClient.GetAsync("/v1/records/oldest-person-to-fly-in-space").AssertStatusAsync(HttpStatusCode.OK);
        Assert.True((await before.ReadJsonAsync()).GetProperty("agreesWithData").GetBoolean());
        var (person, mission) = await data.FlightAsync("Newer Elder", "1930-01-01", "2025-01-01T10:00Z");

        var after = await checkedClient.GetAsync("/v1/records/oldest-person-to-fly-in-space").AssertStatusAsync(HttpStatusCode.OK);
        var record = await after.ReadJsonAsync();

        Assert.False(record.GetProperty("agreesWithData").GetBoolean());
        Assert.Equal((person.Slug, mission.Slug), (
            record.GetProperty("computedLeader").GetProperty("person").GetProperty("slug").GetString(),
            record.GetProperty("computedLeader").GetProperty("mission").GetProperty("slug").GetString()));
        Assert.Equal(before.Headers.ETag!.Tag[1..^1].Split('-')[0], after.Headers.ETag!.Tag[1..^1].Split('-')[0]);
        Assert.NotEqual(before.ETag(), after.ETag());

        // The old ETag no longer matches: the client gets the new answer, not a 304.
        Assert.Equal(HttpStatusCode.OK, (await checkedClient.GetIfNoneMatchAsync("/v1/records/oldest-person-to-fly-in-space", before.ETag())).StatusCode);
    }

    [Fact]
    public async Task Post_creates_a_record_with_a_slug_from_the_title_and_answers_201_with_location_and_etag()
    {
        var title = Unique("Most Test Flights");
        var response = await client.PostAsync("/v1/records", Json(new
        {
            title,
            category = "count",
            description = "A test record.",
            metric = "most-flights",
            sources = new[] { "https://example.org/most" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        var record = await response.ReadJsonAsync();

        var id = record.GetProperty("id").GetInt64();
        Assert.StartsWith("most-test-flights-", record.GetProperty("slug").GetString());
        Assert.Equal(new Uri(client.BaseAddress!, $"/v1/records/{id}"), response.Headers.Location);
        Assert.Equal(1, record.GetProperty("version").GetInt32());
        Assert.StartsWith("\"1-", response.ETag());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("current").ValueKind);
        Assert.Empty(record.GetProperty("progression").EnumerateArray());
        await using var connection = await api.Database.OpenConnectionAsync();
        var stored = await connection.QuerySingleAsync<(string Title, string Category, string Metric)>(
            "SELECT title, category, metric FROM records WHERE id = @id", new { id });
        Assert.Equal((title, "count", "most-flights"), stored);
    }

    [Fact]
    public async Task A_record_without_a_metric_has_a_plain_version_etag_and_answers_304()
    {
        var created = await client.PostAsync("/v1/records", Json(new { title = Unique("Plain Record"), category = "other" }));
        Assert.Equal("\"1\"", created.ETag());
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();

        var response = await client.GetIfNoneMatchAsync($"/v1/records/{id}", "\"1\"");

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    public static TheoryData<string, string> InvalidRecords => new()
    {
        { """{"category": "first"}""", "title" },
        { """{"title": "", "category": "first"}""", "title" },
        { """{"title": " Padded", "category": "first"}""", "title" },
        { $$"""{"title": "{{new string('x', 201)}}", "category": "first"}""", "title" },
        { """{"title": "Bell\u0007", "category": "first"}""", "title" },
        { """{"title": "A"}""", "category" },
        { """{"title": "A", "category": "fastest"}""", "category" },
        { """{"title": "A", "category": "First"}""", "category" },
        { """{"title": "A", "category": "other", "slug": "Not A Slug"}""", "slug" },
        { """{"title": "A", "category": "other", "slug": "1234"}""", "slug" },
        { $$"""{"title": "A", "category": "other", "description": "{{new string('d', 2001)}}"}""", "description" },
        { """{"title": "A", "category": "age", "metric": "tallest"}""", "metric" },
        { """{"title": "A", "category": "first", "metric": "oldest-at-launch"}""", "metric" },
        { """{"title": "A", "category": "duration", "metric": "most-flights"}""", "metric" },
        { """{"title": "A", "category": "other", "sources": ["not a url"]}""", "sources[0]" },
    };

    [Theory]
    [MemberData(nameof(InvalidRecords))]
    public async Task Post_with_an_invalid_field_is_400_naming_it_and_stores_nothing(string body, string field)
    {
        var before = await CountAsync("records");

        await (await client.PostAsync("/v1/records", Json(body))).AssertValidationErrorAsync(field);

        Assert.Equal(before, await CountAsync("records"));
    }

    [Theory]
    [InlineData("""{"title": "A", "category": 3}""", "category")]
    [InlineData("""{"title": "A", "category": "other", "revision": 2}""", "revision")]
    [InlineData("""{"title": "A", "category": "other",""", "body")]
    public async Task Post_with_malformed_json_is_400(string body, string field)
    {
        await (await client.PostAsync("/v1/records", Json(body))).AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task Put_with_current_if_match_replaces_the_fields_and_keeps_the_holdings()
    {
        var record = await CreateAsync(client, new { title = Unique("Put Record"), category = "other" });
        var id = record.GetProperty("id").GetInt64();
        await PostHoldingAsync(client, id, new { achievedOn = "2021-10-05", people = new[] { "yulia-peresild" } }).AssertStatusAsync(HttpStatusCode.Created);
        var newTitle = Unique("Renamed Record");

        var response = await client.PutIfMatchAsync($"/v1/records/{id}", new { title = newTitle, category = "age", metric = "youngest-at-launch", sources = new[] { "https://example.org/r" } }, "\"2\"")
            .AssertStatusAsync(HttpStatusCode.OK);
        var updated = await response.ReadJsonAsync();

        Assert.Equal((newTitle, "age", "youngest-at-launch", 3), (updated.GetProperty("title").GetString(), updated.GetProperty("category").GetString(), updated.GetProperty("metric").GetString(), updated.GetProperty("version").GetInt32()));
        Assert.Equal(record.GetProperty("slug").GetString(), updated.GetProperty("slug").GetString());
        Assert.Single(updated.GetProperty("progression").EnumerateArray());
        Assert.StartsWith("\"3-", response.ETag());
    }

    [Fact]
    public async Task Put_accepts_the_etag_a_record_with_a_metric_was_read_with()
    {
        var record = await CreateAsync(client, new { title = Unique("Etag Record"), category = "age", metric = "oldest-at-launch" });
        var read = await client.GetAsync($"/v1/records/{record.GetProperty("id")}");
        Assert.Contains('-', read.ETag());

        var response = await client.PutIfMatchAsync($"/v1/records/{record.GetProperty("id")}", new { title = "Etag Record Renamed", category = "age", metric = "oldest-at-launch" }, read.ETag());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stale = await client.PutIfMatchAsync($"/v1/records/{record.GetProperty("id")}", new { title = "Etag Record Again", category = "age" }, read.ETag());
        await stale.AssertProblemAsync(ProblemTypes.PreconditionFailed);
    }

    [Fact]
    public async Task A_record_with_a_metric_matches_only_its_whole_etag_never_its_version_alone()
    {
        var record = await CreateAsync(client, new { title = Unique("Whole Tag"), category = "age", metric = "oldest-at-launch" });
        var url = $"/v1/records/{record.GetProperty("id")}";
        var etag = (await client.GetAsync(url)).ETag();
        Assert.Matches("^\"1-[0-9a-f]{16}\"$", etag);
        var body = new { title = "Whole Tag Renamed", category = "age", metric = "oldest-at-launch" };

        Assert.Equal(HttpStatusCode.OK, (await client.GetIfNoneMatchAsync(url, "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await client.GetIfNoneMatchAsync(url, "W/" + etag)).StatusCode);
        foreach (var wrong in new[] { "\"1\"", "\"1-0000000000000000\"", "\"2-0000000000000000\"", "W/" + etag, "garbage" })
        {
            var refused = await client.PutIfMatchAsync(url, body, wrong);
            await refused.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
            Assert.Equal(etag, refused.ETag());
            await (await client.DeleteIfMatchAsync(url, wrong)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        }

        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("version").GetInt32());
        var replaced = await client.PutIfMatchAsync(url, body, etag).AssertStatusAsync(HttpStatusCode.OK);
        await client.DeleteIfMatchAsync(url, replaced.ETag()).AssertStatusAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_record_with_several_holdings_cannot_become_a_first()
    {
        var record = await CreateAsync(client, new { title = Unique("Many Holders"), category = "other" });
        var id = record.GetProperty("id").GetInt64();
        await PostHoldingAsync(client, id, new { achievedOn = "1961-04-12", people = new[] { "yuri-gagarin" } }).AssertStatusAsync(HttpStatusCode.Created);
        await PostHoldingAsync(client, id, new { achievedOn = "1961-08-06", people = new[] { "gherman-titov" } }).AssertStatusAsync(HttpStatusCode.Created);

        var response = await client.PutIfMatchAsync($"/v1/records/{id}", new { title = "Now a first", category = "first" }, "\"3\"");

        var problem = await response.AssertProblemAsync(ProblemTypes.FirstHeldOnce);
        Assert.Contains("2 holdings", problem.GetProperty("detail").GetString());
        Assert.Equal("other", (await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}")).GetProperty("category").GetString());
    }

    [Fact]
    public async Task A_deleted_record_takes_no_holdings()
    {
        var id = (await CreateAsync(client, new { title = Unique("Deleted Record"), category = "other" })).GetProperty("id").GetInt64();

        await client.DeleteIfMatchAsync($"/v1/records/{id}", "\"1\"").AssertStatusAsync(HttpStatusCode.NoContent);

        await (await PostHoldingAsync(client, id, new { achievedOn = "2000-01-01", people = new[] { "yuri-gagarin" } })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Adding_a_holding_answers_201_bumps_the_version_and_shows_in_the_history()
    {
        var record = await CreateAsync(client, new { title = Unique("Holding Record"), category = "duration" });
        var id = record.GetProperty("id").GetInt64();

        var response = await PostHoldingAsync(client, id, new
        {
            achievedOn = "1995-03-22",
            mission = "soyuz-tm-18",
            people = new[] { "valeri-polyakov" },
            value = 437,
            unit = "days",
            notes = "Up on TM-18, down on TM-20.",
            sources = new[] { "https://example.org/polyakov" },
        }).AssertStatusAsync(HttpStatusCode.Created);
        var holding = await response.ReadJsonAsync();

        Assert.Equal(new Uri(client.BaseAddress!, $"/v1/records/{id}/holdings/{holding.GetProperty("id").GetInt64()}"), response.Headers.Location);
        Assert.Equal((437m, "days", "soyuz-tm-18"), (holding.GetProperty("value").GetDecimal(), holding.GetProperty("unit").GetString(), holding.GetProperty("mission").GetProperty("slug").GetString()));
        Assert.Equal(holding.ToString(), (await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!)).ToString());
        var stored = await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}");
        Assert.Equal(2, stored.GetProperty("version").GetInt32());
        Assert.Equal(holding.ToString(), stored.GetProperty("current").ToString());

        var history = (await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}/history")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([("create", 1), ("update", 2)], history.Select(r => (r.GetProperty("operation").GetString(), r.GetProperty("version").GetInt32())));
        Assert.Empty(history[0].GetProperty("data").GetProperty("progression").EnumerateArray());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored.ToString()), JsonNode.Parse(history[1].GetProperty("data").ToString())), history[1].ToString());
    }

    [Fact]
    public async Task The_progression_is_oldest_first_whatever_order_holdings_are_added_in()
    {
        var record = await CreateAsync(client, new { title = Unique("Ordered Record"), category = "age" });
        var id = record.GetProperty("id").GetInt64();
        foreach (var (day, person) in new[] { ("2021-10-13", "william-shatner"), ("1998-10-29", "john-glenn"), ("2024-05-19", "ed-dwight"), ("2021-07-20", "wally-funk") })
        {
            await PostHoldingAsync(client, id, new { achievedOn = day, people = new[] { person } }).AssertStatusAsync(HttpStatusCode.Created);
        }

        var stored = await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}");

        Assert.Equal(["john-glenn", "wally-funk", "william-shatner", "ed-dwight"], stored.GetProperty("progression").EnumerateArray().Select(h => Holders(h)[0]));
        Assert.Equal("ed-dwight", Holders(stored.GetProperty("current"))[0]);
        Assert.Equal(5, stored.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_holding_naming_people_or_a_mission_that_do_not_exist_is_422_naming_each_and_stores_nothing()
    {
        var record = await CreateAsync(client, new { title = Unique("Missing Refs"), category = "other" });
        var id = record.GetProperty("id").GetInt64();

        var response = await PostHoldingAsync(client, id, new
        {
            achievedOn = "2021-10-05",
            mission = "soyuz-ms-99",
            people = new[] { "yulia-peresild", "elena-peresild", "999999999" },
        });

        var problem = await response.AssertProblemAsync(ProblemTypes.UnknownReference);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["mission", "people[1]", "people[2]"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("elena-peresild", errors.GetProperty("people[1]")[0].GetString());
        Assert.Contains("soyuz-ms-99", errors.GetProperty("mission")[0].GetString());
        var stored = await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}");
        Assert.Equal((1, 0), (stored.GetProperty("version").GetInt32(), stored.GetProperty("progression").GetArrayLength()));
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}/history")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_holding_naming_a_deleted_person_or_the_same_person_twice_is_422()
    {
        var record = await CreateAsync(client, new { title = Unique("Deleted Refs"), category = "other" });
        var id = record.GetProperty("id").GetInt64();
        var person = await (await client.PostAsync("/v1/people", Json(new { name = Unique("Gone Person") }))).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteIfMatchAsync($"/v1/people/{person.GetProperty("id")}", "\"1\"")).StatusCode);
        var yulia = await client.GetFromJsonAsync<JsonElement>("/v1/people/yulia-peresild");

        var deleted = await PostHoldingAsync(client, id, new { achievedOn = "2021-10-05", people = new[] { person.GetProperty("slug").GetString() } });
        var twice = await PostHoldingAsync(client, id, new { achievedOn = "2021-10-05", people = new[] { "yulia-peresild", yulia.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) } });

        Assert.True((await deleted.AssertProblemAsync(ProblemTypes.UnknownReference)).GetProperty("errors").TryGetProperty("people[0]", out _));
        Assert.Contains("people[0]", (await twice.AssertProblemAsync(ProblemTypes.UnknownReference)).GetProperty("errors").GetProperty("people[1]")[0].GetString());
    }

    [Fact]
    public async Task A_first_has_exactly_one_holding_and_a_second_is_409()
    {
        var record = await CreateAsync(client, new { title = Unique("First Test"), category = "first" });
        var id = record.GetProperty("id").GetInt64();
        await PostHoldingAsync(client, id, new { achievedOn = "1961-04-12", mission = "vostok-1", people = new[] { "yuri-gagarin" } }).AssertStatusAsync(HttpStatusCode.Created);

        var second = await PostHoldingAsync(client, id, new { achievedOn = "1961-08-06", mission = "vostok-2", people = new[] { "gherman-titov" } });

        await second.AssertProblemAsync(ProblemTypes.FirstHeldOnce);
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}")).GetProperty("progression").EnumerateArray());
        await (await PostHoldingAsync(client, "first-feature-film-shot-in-space", new { achievedOn = "2023-04-12", people = new[] { "yulia-peresild" } }))
            .AssertProblemAsync(ProblemTypes.FirstHeldOnce);
    }

    [Fact]
    public async Task Concurrent_holdings_of_a_first_leave_exactly_one()
    {
        var record = await CreateAsync(client, new { title = Unique("Raced First"), category = "first" });
        var id = record.GetProperty("id").GetInt64();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            PostHoldingAsync(client, id, new { achievedOn = "1961-04-12", people = new[] { "yuri-gagarin" } })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}")).GetProperty("progression").EnumerateArray());
    }

    public static TheoryData<string, string> InvalidHoldings => new()
    {
        { """{"people": ["yuri-gagarin"]}""", "achievedOn" },
        { """{"achievedOn": "2999-01-01", "people": ["yuri-gagarin"]}""", "achievedOn" },
        { """{"achievedOn": "1700-01-01", "people": ["yuri-gagarin"]}""", "achievedOn" },
        { """{"achievedOn": "1961-04-12"}""", "people" },
        { """{"achievedOn": "1961-04-12", "people": []}""", "people" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin", "yuri-gagarin"]}""", "people" },
        { $$"""{"achievedOn": "1961-04-12", "people": [{{string.Join(",", Enumerable.Range(1, 21).Select(i => $"\"p{i}\""))}}]}""", "people" },
        { """{"achievedOn": "1961-04-12", "people": ["Yuri Gagarin"]}""", "people[0]" },
        { """{"achievedOn": "1961-04-12", "people": ["0"]}""", "people[0]" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "mission": "Vostok 1"}""", "mission" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "value": 1}""", "unit" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "unit": "days"}""", "unit" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "value": 1, "unit": ""}""", "unit" },
        { $$"""{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "notes": "{{new string('n', 2001)}}"}""", "notes" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "sources": ["ftp://example.org"]}""", "sources[0]" },
        { """{"achievedOn": "1961-04-31", "people": ["yuri-gagarin"]}""", "achievedOn" },
        { """{"achievedOn": "1961-04-12", "people": "yuri-gagarin"}""", "people" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "value": "ten", "unit": "days"}""", "value" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "value": 437.75, "unit": "days"}""", "value" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "value": 6000.5, "unit": "seconds"}""", "value" },
        { """{"achievedOn": "1961-04-12", "people": ["yuri-gagarin"], "value": 1.5, "unit": "flights"}""", "value" },
    };

    [Fact]
    public async Task A_value_in_a_leaderboard_unit_is_a_whole_number_as_on_the_leaderboards_and_other_units_keep_their_fraction()
    {
        var record = await CreateAsync(client, new { title = Unique("Units"), category = "other" });
        var id = record.GetProperty("id").GetInt64();

        var days = await PostHoldingAsync(client, id, new { achievedOn = "1998-10-29", people = new[] { "yuri-gagarin" }, value = 28227.000m, unit = "days" })
            .AssertStatusAsync(HttpStatusCode.Created);
        var km = await PostHoldingAsync(client, id, new { achievedOn = "2004-06-21", people = new[] { "yuri-gagarin" }, value = 100.124m, unit = "km" })
            .AssertStatusAsync(HttpStatusCode.Created);

        // 28227.000 is the whole number 28227, written as the leaderboards write their integer values.
        Assert.Contains("\"value\":28227,", await days.Content.ReadAsStringAsync());
        Assert.Contains("\"value\":100.124,", await km.Content.ReadAsStringAsync());
        var progression = (await client.GetFromJsonAsync<JsonElement>($"/v1/records/{id}")).GetProperty("progression");
        Assert.Equal(["28227", "100.124"], progression.EnumerateArray().Select(h => h.GetProperty("value").GetRawText()));
    }

    [Theory]
    [MemberData(nameof(InvalidHoldings))]
    public async Task A_holding_with_an_invalid_field_is_400_naming_it(string body, string field)
    {
        var record = await CreateAsync(client, new { title = Unique("Invalid Holdings"), category = "other" });

        var response = await client.PostAsync($"/v1/records/{record.GetProperty("id")}/holdings", Json(body));

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/v1/records/{record.GetProperty("id")}")).GetProperty("progression").GetArrayLength());
    }

    [Fact]
    public async Task A_holding_may_name_only_a_mission()
    {
        var record = await CreateAsync(client, new { title = Unique("Mission Only"), category = "first" });

        var response = await PostHoldingAsync(client, record.GetProperty("id").GetInt64(), new { achievedOn = "1961-04-12", mission = "vostok-1" })
            .AssertStatusAsync(HttpStatusCode.Created);

        var holding = await response.ReadJsonAsync();
        Assert.Empty(holding.GetProperty("people").EnumerateArray());
        Assert.Equal("vostok-1", holding.GetProperty("mission").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Holdings_of_unknown_records_or_unknown_holdings_are_404()
    {
        await (await PostHoldingAsync(client, "no-such-record", new { achievedOn = "2000-01-01", people = new[] { "yuri-gagarin" } })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/v1/records/first-human-in-space/holdings/999999999")).AssertProblemAsync(HttpStatusCode.NotFound);
        var film = await client.GetFromJsonAsync<JsonElement>("/v1/records/first-feature-film-shot-in-space");
        await (await client.GetAsync($"/v1/records/first-human-in-space/holdings/{film.GetProperty("current").GetProperty("id")}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_filters_by_category_and_pages_by_title()
    {
        var marker = $"pager{Guid.NewGuid():N}"[..13];
        var titles = Enumerable.Range(0, 5).Select(i => $"Pager {(char)('A' + i)} {marker}").ToList();
        foreach (var title in titles.AsEnumerable().Reverse())
        {
            await CreateAsync(client, new { title, category = "count" });
        }

        await CreateAsync(client, new { title = $"Pager Z {marker}", category = "other" });

        var pages = await client.AllPagesAsync($"/v1/records?category=count&q={marker}&limit=2");

        Assert.Equal(3, pages.Count);
        Assert.Equal(titles, pages.Strings("title"));
        Assert.All(pages.Items(), r => Assert.False(r.TryGetProperty("progression", out _)));
    }

    [Theory]
    [InlineData("oldest person")]
    [InlineData("oldst person")]
    [InlineData("OLDEST")]
    [InlineData("kármán")]
    public async Task The_list_searches_titles_and_descriptions_fuzzily(string q)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/v1/records?q={Uri.EscapeDataString(q)}");

        Assert.Contains(page.GetProperty("items").EnumerateArray(), r => r.GetProperty("slug").GetString() == "oldest-person-to-fly-in-space");
    }

    [Fact]
    public async Task The_list_shows_each_records_current_holding()
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/v1/records?category=first&q=feature%20film");

        var film = Assert.Single(page.GetProperty("items").EnumerateArray(), r => r.GetProperty("slug").GetString() == "first-feature-film-shot-in-space");
        Assert.Equal(["klim-shipenko", "yulia-peresild"], Holders(film.GetProperty("current")));
    }

    private static List<(string, string, string, decimal)> Holdings(JsonElement record) =>
        [.. record.GetProperty("progression").EnumerateArray().Select(h => (
            Holders(h)[0], h.GetProperty("mission").GetProperty("slug").GetString()!, h.GetProperty("achievedOn").GetString()!, h.GetProperty("value").GetDecimal()))];

    private static List<string> Holders(JsonElement holding) =>
        [.. holding.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("slug").GetString()!)];

    private static async Task<JsonElement> CreateAsync(HttpClient http, object record)
    {
        var response = await http.PostAsync("/v1/records", Json(record)).AssertStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    private static Task<HttpResponseMessage> PostHoldingAsync(HttpClient http, object record, object holding) =>
        http.PostAsync($"/v1/records/{record}/holdings", Json(holding));

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }
}
