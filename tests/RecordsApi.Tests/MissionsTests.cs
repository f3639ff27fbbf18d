namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class MissionsTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateWriterClient();

    private async Task<JsonElement> CreateAsync(object mission)
    {
        var response = await client.PostAsync("/v1/missions", Json(mission)).AssertStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    [Theory]
    [InlineData("vostok-1", "1961-04-12T06:07:00Z", "1961-04-12T07:55:00Z", "orbital")]
    [InlineData("sts-95", "1998-10-29T19:19:00Z", "1998-11-07T17:04:00Z", "orbital")]
    [InlineData("soyuz-tm-18", "1994-01-08T10:05:00Z", "1994-07-09T10:32:00Z", "orbital")]
    [InlineData("soyuz-tm-20", "1994-10-03T22:42:00Z", "1995-03-22T04:04:00Z", "orbital")]
    [InlineData("soyuz-tm-31", "2000-10-31T07:52:00Z", "2001-05-06T05:41:00Z", "orbital")]
    [InlineData("soyuz-tm-32", "2001-04-28T07:37:00Z", "2001-10-31T04:59:00Z", "orbital")]
    [InlineData("soyuz-ms-18", "2021-04-09T07:42:00Z", "2021-10-17T04:35:00Z", "orbital")]
    [InlineData("soyuz-ms-19", "2021-10-05T08:55:00Z", "2022-03-30T11:28:00Z", "orbital")]
    [InlineData("new-shepard-ns-16", "2021-07-20T13:11:00Z", "2021-07-20T13:21:00Z", "suborbital")]
    [InlineData("new-shepard-ns-18", "2021-10-13T14:49:00Z", "2021-10-13T15:00:00Z", "suborbital")]
    [InlineData("new-shepard-ns-25", "2024-05-19T14:35:00Z", "2024-05-19T14:45:00Z", "suborbital")]
    public async Task Seeded_missions_have_their_times_in_utc_to_the_minute_and_sources(string slug, string launchAt, string landingAt, string kind)
    {
        var mission = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{slug}");

        Assert.Equal(launchAt, mission.GetProperty("launchAt").GetString());
        Assert.Equal(landingAt, mission.GetProperty("landingAt").GetString());
        Assert.Equal(kind, mission.GetProperty("kind").GetString());
        Assert.NotEmpty(mission.GetProperty("sources").EnumerateArray());
    }

    [Fact]
    public async Task Soyuz_ms_18_landed_south_east_of_zhezkazgan()
    {
        var mission = await client.GetFromJsonAsync<JsonElement>("/v1/missions/soyuz-ms-18");

        Assert.Contains("zhezkazgan", mission.GetProperty("landingSite").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("south-east", mission.GetProperty("landingSite").GetString(), StringComparison.Ordinal);
        Assert.Equal("2021-029A", mission.GetProperty("externalIds").GetProperty("cospar").GetString());
        Assert.Equal(421, mission.GetProperty("apogeeKm").GetDouble());
    }

    [Fact]
    public async Task Post_creates_with_a_slug_from_the_name_stores_instants_in_utc_and_answers_201_with_location()
    {
        var name = Unique("Soyuz Test");
        var response = await client.PostAsync("/v1/missions", Json(new
        {
            name,
            @operator = "Roscosmos",
            vehicle = "Soyuz MS",
            kind = "orbital",
            apogeeKm = 420.5,
            launchAt = "2021-10-05T14:55:02+06:00",
            launchSite = "Baikonur",
            landingAt = "2022-03-30T11:28:00Z",
            landingSite = "Kazakhstan",
            destination = "International Space Station",
            summary = "A test flight.",
            externalIds = new { wikidata = "Q107386245", cospar = "2021-089A" },
            sources = new[] { "https://www.russianspaceweb.com/soyuz-ms-19.html" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        var mission = await response.ReadJsonAsync();

        var slug = mission.GetProperty("slug").GetString()!;
        Assert.StartsWith("soyuz-test-", slug);
        Assert.Equal("2021-10-05T08:55:02Z", mission.GetProperty("launchAt").GetString());
        Assert.Equal(420.5, mission.GetProperty("apogeeKm").GetDouble());
        Assert.Equal("orbital", mission.GetProperty("kind").GetString());
        Assert.Equal("2021-089A", mission.GetProperty("externalIds").GetProperty("cospar").GetString());
        Assert.Equal(1, mission.GetProperty("version").GetInt32());
        Assert.Equal(new Uri(client.BaseAddress!, $"/v1/missions/{mission.GetProperty("id").GetInt64()}"), response.Headers.Location);
        Assert.Equal("\"1\"", response.ETag());

        await using var connection = await api.Database.OpenConnectionAsync();
        var stored = await connection.QuerySingleAsync<(string Kind, DateTime LaunchAt, string Cospar)>(
            "SELECT kind, launch_at, cospar FROM missions WHERE slug = @slug", new { slug });
        Assert.Equal(("orbital", new DateTime(2021, 10, 5, 8, 55, 2, DateTimeKind.Utc), "2021-089A"), stored);
    }

    [Fact]
    public async Task Every_instant_is_written_to_the_second_in_one_shape_and_a_zero_fraction_is_accepted()
    {
        // JavaScript's toISOString sends milliseconds; .000 names the same second, so it is taken.
        var response = await client.PostAsync("/v1/missions", Json(new
        {
            name = Unique("Instant Shape"), kind = "suborbital", launchAt = "2021-07-20T13:12:00.000Z", landingAt = "2021-07-20T13:22:00.0000000+00:00",
        })).AssertStatusAsync(HttpStatusCode.Created);
        var mission = await response.ReadJsonAsync();
        var id = mission.GetProperty("id").GetInt64();
        var history = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{id}/history");
        var changes = await client.GetFromJsonAsync<JsonElement>("/v1/changes?since=0&limit=5");

        Assert.Equal(("2021-07-20T13:12:00Z", "2021-07-20T13:22:00Z"), (mission.GetProperty("launchAt").GetString(), mission.GetProperty("landingAt").GetString()));
        // The database stamps createdAt to the microsecond; the API shows it cut to the second, like every other instant.
        string[] instants =
        [
            mission.GetProperty("createdAt").GetString()!, mission.GetProperty("updatedAt").GetString()!,
            .. history.GetProperty("items").EnumerateArray().SelectMany(r => new[]
            {
                r.GetProperty("changedAt").GetString()!, r.GetProperty("data").GetProperty("createdAt").GetString()!, r.GetProperty("data").GetProperty("launchAt").GetString()!,
            }),
            .. changes.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("changedAt").GetString()!),
        ];
        Assert.All(instants, instant => Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", instant));
    }

    [Fact]
    public async Task Post_with_only_name_and_kind_leaves_the_rest_null()
    {
        var mission = await CreateAsync(new { name = Unique("Bare Mission"), kind = "suborbital" });

        foreach (var field in new[] { "operator", "vehicle", "apogeeKm", "launchAt", "launchSite", "landingAt", "landingSite", "destination", "summary" })
        {
            Assert.Equal(JsonValueKind.Null, mission.GetProperty(field).ValueKind);
        }

        Assert.Equal(JsonValueKind.Null, mission.GetProperty("externalIds").GetProperty("cospar").ValueKind);
        Assert.Empty(mission.GetProperty("sources").EnumerateArray());
    }

    public static TheoryData<string, string> InvalidMissions => new()
    {
        { """{"kind": "orbital"}""", "name" },
        { """{"name": "", "kind": "orbital"}""", "name" },
        { """{"name": " Padded", "kind": "orbital"}""", "name" },
        { $$"""{"name": "{{new string('x', 201)}}", "kind": "orbital"}""", "name" },
        { """{"name": "Bell\u0007", "kind": "orbital"}""", "name" },
        { """{"name": "A", "slug": "Not A Slug", "kind": "orbital"}""", "slug" },
        { """{"name": "A", "slug": "12345", "kind": "orbital"}""", "slug" },
        { """{"name": "A"}""", "kind" },
        { """{"name": "A", "kind": null}""", "kind" },
        { """{"name": "A", "kind": "orbital", "apogeeKm": -1}""", "apogeeKm" },
        { """{"name": "A", "kind": "orbital", "apogeeKm": 500000.5}""", "apogeeKm" },
        { """{"name": "A", "kind": "orbital", "apogeeKm": 1e400}""", "apogeeKm" },
        { """{"name": "A", "kind": "orbital", "launchAt": "2021-10-05T08:55:00Z", "landingAt": "2021-10-05T08:54:59Z"}""", "landingAt" },
        { """{"name": "A", "kind": "orbital", "launchAt": "2021-10-05T14:55:00+06:00", "landingAt": "2021-10-05T08:54:00Z"}""", "landingAt" },
        { """{"name": "A", "kind": "orbital", "launchAt": "1899-12-31T23:59:59Z"}""", "launchAt" },
        { """{"name": "A", "kind": "orbital", "externalIds": {"cospar": "2021-89A"}}""", "externalIds.cospar" },
        { """{"name": "A", "kind": "orbital", "externalIds": {"cospar": "21-089A"}}""", "externalIds.cospar" },
        { """{"name": "A", "kind": "orbital", "externalIds": {"cospar": "2021-089a"}}""", "externalIds.cospar" },
        { """{"name": "A", "kind": "orbital", "externalIds": {"wikidata": "7327"}}""", "externalIds.wikidata" },
        { """{"name": "A", "kind": "orbital", "sources": ["not a url"]}""", "sources[0]" },
        { """{"name": "A", "kind": "orbital", "sources": ["ftp://example.org/file"]}""", "sources[0]" },
        { $$"""{"name": "A", "kind": "orbital", "sources": [{{string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"https://example.org/{i}\""))}}]}""", "sources" },
        { $$"""{"name": "A", "kind": "orbital", "summary": "{{new string('s', 2001)}}"}""", "summary" },
        { $$"""{"name": "A", "kind": "orbital", "vehicle": "{{new string('v', 201)}}"}""", "vehicle" },
        { $$"""{"name": "A", "kind": "orbital", "operator": "{{new string('o', 201)}}"}""", "operator" },
    };

    [Theory]
    [MemberData(nameof(InvalidMissions))]
    public async Task Post_with_an_invalid_field_is_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var before = await CountMissionsAsync();

        var response = await client.PostAsync("/v1/missions", Json(body));

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(before, await CountMissionsAsync());
    }

    public static TheoryData<string, string, string> MalformedMissions => new()
    {
        { """{"name": "A", "kind": "lunar"}""", "kind", "orbital, suborbital" },
        { """{"name": "A", "kind": "Orbital"}""", "kind", "orbital, suborbital" },
        { """{"name": "A", "kind": 0}""", "kind", "orbital, suborbital" },
        { """{"name": "A", "kind": "0"}""", "kind", "orbital, suborbital" },
        { """{"name": "A", "kind": "orbital", "launchAt": "2021-10-05T08:55:00"}""", "launchAt", "offset" },
        { """{"name": "A", "kind": "orbital", "landingAt": "2021-10-05"}""", "landingAt", "offset" },
        { """{"name": "A", "kind": "orbital", "launchAt": "yesterday"}""", "launchAt", "RFC 3339" },
        { """{"name": "A", "kind": "orbital", "launchAt": "2021-10-05T08:55:00.5Z"}""", "launchAt", "whole seconds" },
        { """{"name": "A", "kind": "orbital", "landingAt": "2021-10-05T08:55:00.000001+06:00"}""", "landingAt", "whole seconds" },
        { """{"name": "A", "kind": "orbital", "apogeeKm": "421"}""", "apogeeKm", "number" },
        { """{"name": "A", "kind": "orbital", "crew": []}""", "crew", "not a field" },
        { """{"name": "A", "kind": "orbital", "externalIds": {"nssdc": "x"}}""", "externalIds.nssdc", "not a field" },
    };

    [Theory]
    [MemberData(nameof(MalformedMissions))]
    public async Task Post_with_a_wrong_type_or_unknown_value_is_400_saying_what_to_send(string body, string field, string hint)
    {
        var before = await CountMissionsAsync();

        var response = await client.PostAsync("/v1/missions", Json(body));

        var messages = await response.AssertValidationErrorAsync(field);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(hint, problem.GetProperty("detail").GetString() + " " + string.Join(" ", messages), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountMissionsAsync());
    }

    [Fact]
    public async Task Put_with_current_if_match_replaces_and_bumps_the_version()
    {
        var created = await CreateAsync(new { name = Unique("Put Mission"), kind = "orbital", @operator = "NASA", apogeeKm = 400 });
        var id = created.GetProperty("id").GetInt64();
        var newName = Unique("Renamed Mission");

        var response = await client.PutIfMatchAsync($"/v1/missions/{id}", new { name = newName, kind = "suborbital", launchAt = "2030-01-01T00:00:00Z" }, "\"1\"")
            .AssertStatusAsync(HttpStatusCode.OK);
        var updated = await response.ReadJsonAsync();

        Assert.Equal(newName, updated.GetProperty("name").GetString());
        Assert.Equal(created.GetProperty("slug").GetString(), updated.GetProperty("slug").GetString());
        Assert.Equal("suborbital", updated.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("operator").ValueKind);
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("apogeeKm").ValueKind);
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal("\"2\"", response.ETag());
        var fetched = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{id}");
        Assert.Equal(updated.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task A_deleted_mission_has_no_crew_to_show()
    {
        var id = (await CreateAsync(new { name = Unique("Deleted Mission"), kind = "orbital" })).GetProperty("id").GetInt64();

        await client.DeleteIfMatchAsync($"/v1/missions/{id}", "\"1\"").AssertStatusAsync(HttpStatusCode.NoContent);

        await (await client.GetAsync($"/v1/missions/{id}/crew")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_of_a_mission_with_crew_is_409_naming_the_crew_and_removes_nothing()
    {
        var before = await client.GetAsync("/v1/missions/soyuz-ms-18");

        var response = await client.DeleteIfMatchAsync("/v1/missions/soyuz-ms-18", before.ETag());

        var problem = await response.AssertProblemAsync(ProblemTypes.ReferencedBy);
        Assert.Contains(
            "soyuz-ms-18 has crew klim-shipenko, mark-vande-hei, oleg-novitskiy, pyotr-dubrov, yulia-peresild",
            problem.GetProperty("detail").GetString());
        var after = await client.GetAsync("/v1/missions/soyuz-ms-18").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(before.ETag(), after.ETag());
        var crew = await client.GetFromJsonAsync<JsonElement>("/v1/missions/soyuz-ms-18/crew");
        Assert.Equal(5, crew.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task History_records_every_write_with_the_stored_document_and_its_crew()
    {
        var created = await CreateAsync(new { name = Unique("Historic Mission"), kind = "orbital", launchAt = "2021-01-01T10:00:00Z" });
        var id = created.GetProperty("id").GetInt64();
        var updated = await (await client.PutIfMatchAsync($"/v1/missions/{id}", new { name = "Historic Mission Renamed", kind = "suborbital", apogeeKm = 107.05 }, "\"1\"")).ReadJsonAsync();

        var history = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{id}/history");

        var revisions = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, revisions.Count);
        Assert.Equal(("create", 1), (revisions[0].GetProperty("operation").GetString(), revisions[0].GetProperty("version").GetInt32()));
        Assert.Equal(("update", 2), (revisions[1].GetProperty("operation").GetString(), revisions[1].GetProperty("version").GetInt32()));
        Assert.Equal(ApiFixture.WriterName, revisions[1].GetProperty("changedBy").GetString());
        AssertDocumentIs(created, revisions[0].GetProperty("data"));
        AssertDocumentIs(updated, revisions[1].GetProperty("data"));
    }

    [Fact]
    public async Task Seeded_missions_start_their_history_with_a_seed_revision_holding_the_crew()
    {
        var mission = await client.GetFromJsonAsync<JsonElement>("/v1/missions/new-shepard-ns-18");

        var history = await client.GetFromJsonAsync<JsonElement>("/v1/missions/new-shepard-ns-18/history");

        var first = history.GetProperty("items")[0];
        Assert.Equal(("create", "seed", 1), (first.GetProperty("operation").GetString(), first.GetProperty("changedBy").GetString(), first.GetProperty("version").GetInt32()));
        Assert.Equal(mission.GetProperty("launchAt").GetString(), first.GetProperty("data").GetProperty("launchAt").GetString());
        var crew = first.GetProperty("data").GetProperty("crew").EnumerateArray()
            .Select(m => m.GetProperty("person").GetProperty("slug").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["audrey-powers", "chris-boshuizen", "glen-de-vries", "william-shatner"], crew);
    }

    [Fact]
    public async Task List_defaults_to_launch_order_and_pages_with_cursor_and_link_until_the_end()
    {
        var op = Unique("Pager Agency");
        var launches = new[] { "2031-05-01T00:00:00Z", "2031-01-01T00:00:00Z", "2031-03-01T00:00:00Z", "2031-02-01T00:00:00Z", "2031-04-01T00:00:00Z" };
        foreach (var launchAt in launches)
        {
            await CreateAsync(new { name = $"Pager {launchAt[..7]}", kind = "orbital", @operator = op, launchAt });
        }

        var pages = await client.AllPagesAsync($"/v1/missions?operator={Uri.EscapeDataString(op)}&limit=2");

        Assert.Equal(3, pages.Count);
        Assert.Equal(launches.Order(StringComparer.Ordinal), pages.Strings("launchAt"));
    }

    [Fact]
    public async Task List_sorts_by_launch_both_ways_with_unknown_launches_last_and_by_name()
    {
        var op = Unique("Sorter Agency");
        await CreateAsync(new { name = "Sorter B Early", kind = "orbital", @operator = op, launchAt = "1965-03-18T07:00:00Z" });
        await CreateAsync(new { name = "Sorter A Unknown", kind = "orbital", @operator = op });
        await CreateAsync(new { name = "Sorter C Late", kind = "orbital", @operator = op, launchAt = "2030-01-01T00:00:00Z" });

        Assert.Equal(["Sorter B Early", "Sorter C Late", "Sorter A Unknown"], await NamesAsync($"operator={Uri.EscapeDataString(op)}&sort=launchAt"));
        Assert.Equal(["Sorter C Late", "Sorter B Early", "Sorter A Unknown"], await NamesAsync($"operator={Uri.EscapeDataString(op)}&sort=-launchAt"));
        Assert.Equal(["Sorter A Unknown", "Sorter B Early", "Sorter C Late"], await NamesAsync($"operator={Uri.EscapeDataString(op)}&sort=name"));
        Assert.Equal(["Sorter B Early", "Sorter C Late", "Sorter A Unknown"], await NamesAsync($"operator={Uri.EscapeDataString(op)}"));
    }

    [Fact]
    public async Task List_filters_launch_dates_by_whole_utc_days_both_ends_included()
    {
        var op = Unique("Calendar Agency");
        await CreateAsync(new { name = "Day Before", kind = "orbital", @operator = op, launchAt = "2032-12-31T23:59:59Z" });
        await CreateAsync(new { name = "Midnight", kind = "orbital", @operator = op, launchAt = "2033-01-01T00:00:00Z" });
        await CreateAsync(new { name = "Local Next Day", kind = "orbital", @operator = op, launchAt = "2033-01-02T01:00:00+02:00" });
        await CreateAsync(new { name = "Last Second", kind = "orbital", @operator = op, launchAt = "2033-01-01T23:59:59Z" });
        await CreateAsync(new { name = "Day After", kind = "orbital", @operator = op, launchAt = "2033-01-02T00:00:00Z" });
        await CreateAsync(new { name = "Unknown Launch", kind = "orbital", @operator = op });
        var filter = $"operator={Uri.EscapeDataString(op)}";

        Assert.Equal(["Midnight", "Local Next Day", "Last Second"], await NamesAsync($"{filter}&launchedFrom=2033-01-01&launchedTo=2033-01-01"));
        Assert.Equal(["Midnight", "Local Next Day", "Last Second", "Day After"], await NamesAsync($"{filter}&launchedFrom=2033-01-01"));
        Assert.Equal(["Day Before", "Midnight", "Local Next Day", "Last Second"], await NamesAsync($"{filter}&launchedTo=2033-01-01"));
    }

    [Fact]
    public async Task List_filters_by_kind_and_by_operator_in_any_case()
    {
        var suborbital = await client.GetFromJsonAsync<JsonElement>("/v1/missions?kind=suborbital&limit=200");
        var blueOrigin = await client.GetFromJsonAsync<JsonElement>("/v1/missions?operator=BLUE%20ORIGIN&limit=200");

        var subs = suborbital.GetProperty("items").EnumerateArray().ToList();
        Assert.All(subs, m => Assert.Equal("suborbital", m.GetProperty("kind").GetString()));
        Assert.Contains(subs, m => m.GetProperty("slug").GetString() == "new-shepard-ns-18");
        Assert.DoesNotContain(subs, m => m.GetProperty("slug").GetString() == "soyuz-ms-18");
        var blue = blueOrigin.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("slug").GetString()).ToList();
        Assert.Equal(["new-shepard-ns-16", "new-shepard-ns-18", "new-shepard-ns-25"], blue);
    }

    [Fact]
    public async Task List_filters_combine()
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/v1/missions?kind=orbital&launchedFrom=2021-01-01&launchedTo=2021-12-31&operator=roscosmos&limit=200");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, m =>
        {
            Assert.Equal("orbital", m.GetProperty("kind").GetString());
            Assert.Equal("roscosmos", m.GetProperty("operator").GetString()!.ToLowerInvariant());
            Assert.StartsWith("2021-", m.GetProperty("launchAt").GetString(), StringComparison.Ordinal);
        });
        var slugs = items.Select(m => m.GetProperty("slug").GetString()).ToList();
        Assert.Contains("soyuz-ms-18", slugs);
        Assert.Contains("soyuz-ms-19", slugs);
        Assert.True(slugs.IndexOf("soyuz-ms-18") < slugs.IndexOf("soyuz-ms-19"));
    }

    [Theory]
    [InlineData("soyuz ms-18", "soyuz-ms-18")]
    [InlineData("SOYUZ MS-19", "soyuz-ms-19")]
    [InlineData("soyuz ms18", "soyuz-ms-18")]
    [InlineData("ns-25", "new-shepard-ns-25")]
    [InlineData("shepard", "new-shepard-ns-16")]
    [InlineData("discovery", "sts-95")]
    [InlineData("roscosmos", "soyuz-ms-19")]
    public async Task Search_finds_missions_by_name_vehicle_or_operator(string q, string slug)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/v1/missions?q={Uri.EscapeDataString(q)}&limit=200");

        Assert.Contains(slug, page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task Search_treats_like_wildcards_literally()
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/v1/missions?q=%25%25%25&limit=200");

        Assert.Empty(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_cursor_made_for_other_filters_or_order_is_400()
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/v1/missions?limit=1");
        var cursor = Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!);

        await (await client.GetAsync($"/v1/missions?limit=1&sort=-launchAt&cursor={cursor}")).AssertValidationErrorAsync("cursor");
        await (await client.GetAsync($"/v1/missions?limit=1&kind=orbital&cursor={cursor}")).AssertValidationErrorAsync("cursor");
        await (await client.GetAsync($"/v1/people?limit=1&cursor={cursor}")).AssertValidationErrorAsync("cursor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/missions?limit=1&cursor={cursor}")).StatusCode);
    }

    /// <summary>The revision document is the mission as the API answers it, plus its crew.</summary>
    internal static void AssertDocumentIs(JsonElement mission, JsonElement data, int crewCount = 0)
    {
        var document = JsonNode.Parse(data.ToString())!.AsObject();
        Assert.True(document.Remove("crew", out var crew), $"no crew in {data}");
        Assert.Equal(crewCount, crew!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(mission.ToString()), document), $"{mission} != {document}");
    }

    /// <summary>The names listed, paging by one so the cursors of each order are exercised too.</summary>
    private async Task<List<string>> NamesAsync(string query) => (await client.AllPagesAsync($"/v1/missions?{query}&limit=1")).Strings("name");

    private async Task<long> CountMissionsAsync()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM missions");
    }
}
