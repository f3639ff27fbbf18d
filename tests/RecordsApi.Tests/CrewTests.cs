namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class CrewTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateWriterClient();

    [Fact]
    public async Task Soyuz_ms_18_crew_shows_who_rode_it_up_and_who_rode_it_down()
    {
        var crew = await client.GetFromJsonAsync<JsonElement>("/v1/missions/soyuz-ms-18/crew");

        var members = crew.GetProperty("items").EnumerateArray()
            .Select(m => (m.GetProperty("person").GetProperty("slug").GetString(), m.GetProperty("role").GetString(), m.GetProperty("launched").GetBoolean(), m.GetProperty("landed").GetBoolean()))
            .ToList();
        Assert.Equal(
            [
                ("oleg-novitskiy", "commander", true, true),
                ("mark-vande-hei", "flight-engineer", true, false),
                ("pyotr-dubrov", "flight-engineer", true, false),
                ("klim-shipenko", "spaceflight-participant", false, true),
                ("yulia-peresild", "spaceflight-participant", false, true),
            ],
            members);
        // The crew comes whole: no nextCursor, as it takes no limit or cursor.
        Assert.Equal(["items"], crew.EnumerateObject().Select(member => member.Name));
        var peresild = crew.GetProperty("items")[4].GetProperty("person");
        Assert.Equal("Yulia Peresild", peresild.GetProperty("name").GetString());
        Assert.True(peresild.GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public async Task Soyuz_ms_19_crew_is_the_mirror_image()
    {
        var crew = await client.GetFromJsonAsync<JsonElement>("/v1/missions/soyuz-ms-19/crew");

        var legs = crew.GetProperty("items").EnumerateArray().ToDictionary(
            m => m.GetProperty("person").GetProperty("slug").GetString()!,
            m => (m.GetProperty("launched").GetBoolean(), m.GetProperty("landed").GetBoolean()));
        Assert.Equal((true, true), legs["anton-shkaplerov"]);
        Assert.Equal((true, false), legs["klim-shipenko"]);
        Assert.Equal((true, false), legs["yulia-peresild"]);
        Assert.Equal((false, true), legs["pyotr-dubrov"]);
        Assert.Equal((false, true), legs["mark-vande-hei"]);
    }

    [Fact]
    public async Task William_shatner_flew_ns_18_at_90_years_205_days()
    {
        var flights = await client.GetFromJsonAsync<JsonElement>("/v1/people/william-shatner/flights");

        var flight = Assert.Single(flights.GetProperty("items").EnumerateArray());
        Assert.Equal("new-shepard-ns-18", flight.GetProperty("mission").GetProperty("slug").GetString());
        Assert.Equal("2021-10-13T14:49:00Z", flight.GetProperty("mission").GetProperty("launchAt").GetString());
        Assert.Equal("passenger", flight.GetProperty("role").GetString());
        Assert.True(flight.GetProperty("launched").GetBoolean());
        Assert.True(flight.GetProperty("landed").GetBoolean());
        AssertAge(flight, 90, 205);
    }

    [Theory]
    [InlineData("new-shepard-ns-18", "william-shatner", 90, 205)]
    [InlineData("new-shepard-ns-16", "wally-funk", 82, 169)]
    [InlineData("new-shepard-ns-16", "oliver-daemen", 18, 334)]
    [InlineData("new-shepard-ns-25", "ed-dwight", 90, 253)]
    [InlineData("sts-95", "john-glenn", 77, 103)]
    [InlineData("vostok-2", "gherman-titov", 25, 329)]
    [InlineData("soyuz-ms-18", "oleg-novitskiy", 49, 179)]
    [InlineData("soyuz-ms-18", "klim-shipenko", 38, 111)]
    [InlineData("soyuz-ms-18", "yulia-peresild", 37, 30)]
    [InlineData("soyuz-ms-19", "yulia-peresild", 37, 30)]
    [InlineData("soyuz-tm-20", "valeri-polyakov", 51, 256)]
    [InlineData("soyuz-tm-19", "ulf-merbold", 53, 105)]
    public async Task Seeded_crews_carry_their_age_at_the_launch_they_went_up_on(string mission, string person, int years, int days)
    {
        var crew = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{mission}/crew");

        var member = crew.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("person").GetProperty("slug").GetString() == person);
        AssertAge(member, years, days);
    }

    [Fact]
    public async Task Age_at_launch_is_null_when_the_birth_date_is_unknown()
    {
        var crew = await client.GetFromJsonAsync<JsonElement>("/v1/missions/new-shepard-ns-16/crew");

        var markBezos = crew.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("person").GetProperty("slug").GetString() == "mark-bezos");
        Assert.Equal(JsonValueKind.Null, markBezos.GetProperty("ageAtLaunch").ValueKind);
    }

    [Fact]
    public async Task Shipenkos_flights_go_up_on_ms_19_and_down_on_ms_18_in_that_order()
    {
        var items = await AssertLegsAsync("klim-shipenko", [("soyuz-ms-19", true, false), ("soyuz-ms-18", false, true)]);
        Assert.All(items, f => AssertAge(f, 38, 111));
        Assert.All(items, f => Assert.Equal("spaceflight-participant", f.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Polyakovs_437_days_span_two_vehicles()
    {
        var items = await AssertLegsAsync("valeri-polyakov", [("soyuz-tm-18", true, false), ("soyuz-tm-20", false, true)]);
        var up = DateTime.Parse(items[0].GetProperty("mission").GetProperty("launchAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var down = DateTime.Parse(items[1].GetProperty("mission").GetProperty("landingAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(437, (down - up).Days);
    }

    [Fact]
    public async Task Flights_of_a_person_who_never_flew_are_empty_and_of_an_unknown_person_404()
    {
        var person = await CreatePersonAsync("1980-01-01");

        var flights = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{person.Slug}/flights");

        Assert.Empty(flights.GetProperty("items").EnumerateArray());
        await (await client.GetAsync("/v1/people/nobody-flew/flights")).AssertNotFoundNamingAsync("nobody-flew");
    }

    [Theory]
    [InlineData("1960-02-29", "2021-02-28T23:59:00Z", 60, 365)]
    [InlineData("1960-02-29", "2021-03-01T00:00:00Z", 61, 0)]
    [InlineData("1960-02-29", "2020-02-29T12:00:00Z", 60, 0)]
    [InlineData("1960-02-29", "2020-02-28T12:00:00Z", 59, 364)]
    [InlineData("1960-02-29", "2020-03-01T12:00:00Z", 60, 1)]
    [InlineData("1959-03-01", "2020-02-29T12:00:00Z", 60, 365)]
    [InlineData("1970-10-13", "2021-10-13T00:00:00Z", 51, 0)]
    [InlineData("1970-10-13", "2021-10-12T23:59:59Z", 50, 364)]
    [InlineData("1970-10-13", "2021-10-13T01:30:00+05:00", 50, 364)]
    [InlineData("1970-10-13", "2021-10-12T22:00:00-03:00", 51, 0)]
    [InlineData("2021-10-13", "2021-10-13T14:49:00Z", 0, 0)]
    [InlineData("1931-03-22", "2021-10-13T14:49:00Z", 90, 205)]
    public async Task Age_at_launch_is_exact_to_the_utc_day_across_leap_years_and_birthdays(string born, string launchAt, int years, int days)
    {
        var person = await CreatePersonAsync(born);
        var mission = await CreateMissionAsync(launchAt, null);

        var put = await PutCrewAsync(mission, person.Slug, new { role = "commander", launched = true, landed = true });

        AssertAge(await put.ReadJsonAsync(), years, days);
        var crew = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{mission.Slug}/crew");
        AssertAge(Assert.Single(crew.GetProperty("items").EnumerateArray()), years, days);
        var flights = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{person.Slug}/flights");
        AssertAge(Assert.Single(flights.GetProperty("items").EnumerateArray()), years, days);
    }

    [Fact]
    public async Task A_landed_only_member_is_aged_at_the_latest_launch_they_rode_before_this_vehicle_came_down()
    {
        var person = await CreatePersonAsync("1980-06-15");
        var earlier = await CreateMissionAsync("2030-01-01T10:00:00Z", "2030-01-10T10:00:00Z");
        var ride = await CreateMissionAsync("2035-05-01T10:00:00Z", "2035-06-01T10:00:00Z");
        var home = await CreateMissionAsync("2035-04-01T10:00:00Z", "2035-10-20T10:00:00Z");
        var later = await CreateMissionAsync("2036-01-01T10:00:00Z", "2036-01-05T10:00:00Z");
        await PutCrewAsync(earlier, person.Slug, new { role = "pilot", launched = true, landed = true });
        await PutCrewAsync(ride, person.Slug, new { role = "pilot", launched = true, landed = false });
        await PutCrewAsync(later, person.Slug, new { role = "pilot", launched = true, landed = true });

        var put = await PutCrewAsync(home, person.Slug, new { role = "pilot", launched = false, landed = true });

        // Up on 2035-05-01 (ride), not 2035-04-01 (home's own launch), 2030 or 2036.
        AssertAge(await put.ReadJsonAsync(), 54, 320);
        var flights = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{person.Slug}/flights");
        Assert.Equal(
            [earlier.Slug, ride.Slug, home.Slug, later.Slug],
            flights.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("mission").GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task A_landed_only_member_with_no_known_ride_up_has_no_age()
    {
        var person = await CreatePersonAsync("1980-06-15");
        var home = await CreateMissionAsync("2035-04-01T10:00:00Z", "2035-10-20T10:00:00Z");

        var put = await PutCrewAsync(home, person.Slug, new { role = "pilot", launched = false, landed = true });

        Assert.Equal(JsonValueKind.Null, (await put.ReadJsonAsync()).GetProperty("ageAtLaunch").ValueKind);
    }

    [Fact]
    public async Task Put_adds_a_member_with_201_and_bumps_the_missions_version_and_etag()
    {
        var person = await CreatePersonAsync("1975-05-05");
        var mission = await CreateMissionAsync("2030-07-01T00:00:00Z", "2030-07-02T00:00:00Z");

        var response = await PutCrewAsync(mission, person.Slug, new { role = "flight-engineer", launched = true, landed = false }, "\"1\"", HttpStatusCode.Created);

        var member = await response.ReadJsonAsync();
        Assert.Equal(person.Slug, member.GetProperty("person").GetProperty("slug").GetString());
        Assert.Equal(person.Id, member.GetProperty("person").GetProperty("id").GetInt64());
        Assert.Equal("flight-engineer", member.GetProperty("role").GetString());
        Assert.True(member.GetProperty("launched").GetBoolean());
        Assert.False(member.GetProperty("landed").GetBoolean());
        Assert.Equal("\"2\"", response.ETag());
        Assert.Equal(new Uri(client.BaseAddress!, $"/v1/missions/{mission.Id}/crew/{person.Id}"), response.Headers.Location);
        var stored = await client.GetAsync($"/v1/missions/{mission.Slug}");
        Assert.Equal("\"2\"", stored.ETag());
        Assert.Equal(2, (await stored.ReadJsonAsync()).GetProperty("version").GetInt32());
        var crew = await client.GetAsync($"/v1/missions/{mission.Slug}/crew");
        Assert.Equal("\"2\"", crew.ETag());
    }

    [Fact]
    public async Task Put_again_replaces_the_role_and_legs_with_200_and_keeps_one_row_per_person()
    {
        var person = await CreatePersonAsync("1975-05-05");
        var mission = await CreateMissionAsync("2030-07-01T00:00:00Z", "2030-07-02T00:00:00Z");
        await PutCrewAsync(mission, person.Slug, new { role = "flight-engineer", launched = true, landed = false }, "\"1\"", HttpStatusCode.Created);

        var response = await PutCrewAsync(mission, person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { role = "commander", launched = true, landed = true }, "\"2\"", HttpStatusCode.OK);

        Assert.Equal("commander", (await response.ReadJsonAsync()).GetProperty("role").GetString());
        Assert.Equal("\"3\"", response.ETag());
        var crew = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{mission.Id}/crew");
        var member = Assert.Single(crew.GetProperty("items").EnumerateArray());
        Assert.Equal(("commander", true, true), (member.GetProperty("role").GetString(), member.GetProperty("launched").GetBoolean(), member.GetProperty("landed").GetBoolean()));
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM crew_members WHERE mission_id = @id", new { id = mission.Id }));
    }

    [Fact]
    public async Task Crew_lists_in_seat_order()
    {
        var mission = await CreateMissionAsync("2030-07-01T00:00:00Z", "2030-07-02T00:00:00Z");
        var version = 1;
        foreach (var role in new[] { "passenger", "mission-specialist", "commander", "spaceflight-participant", "pilot", "payload-specialist", "flight-engineer" })
        {
            var person = await CreatePersonAsync("1980-01-01");
            await PutCrewAsync(mission, person.Slug, new { role, launched = true, landed = true }, $"\"{version++}\"", HttpStatusCode.Created);
        }

        var crew = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{mission.Slug}/crew");

        Assert.Equal(
            ["commander", "pilot", "flight-engineer", "mission-specialist", "payload-specialist", "spaceflight-participant", "passenger"],
            crew.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    public static TheoryData<string, string> InvalidMembers => new()
    {
        { """{"role": "passenger", "launched": false, "landed": false}""", "launched" },
        { """{"role": "passenger", "launched": false, "landed": false}""", "landed" },
        { """{"launched": true, "landed": true}""", "role" },
        { """{"role": null, "launched": true, "landed": true}""", "role" },
        { """{"role": "passenger", "landed": true}""", "launched" },
        { """{"role": "passenger", "launched": true}""", "landed" },
        { """{"role": "astronaut", "launched": true, "landed": true}""", "role" },
        { """{"role": "Flight-Engineer", "launched": true, "landed": true}""", "role" },
        { """{"role": "flight_engineer", "launched": true, "landed": true}""", "role" },
        { """{"role": 0, "launched": true, "landed": true}""", "role" },
        { """{"role": "passenger", "launched": "yes", "landed": true}""", "launched" },
        { """{"role": "passenger", "launched": true, "landed": true, "ageAtLaunch": {"years": 1, "days": 2}}""", "ageAtLaunch" },
    };

    [Theory]
    [MemberData(nameof(InvalidMembers))]
    public async Task Put_of_an_invalid_member_is_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();

        var response = await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"1\"", Json(body));

        await response.AssertValidationErrorAsync(field);
        await AssertUnchangedAsync(mission, 1, 0);
    }

    [Fact]
    public async Task Put_without_if_match_is_428_and_with_a_stale_one_412_and_stores_nothing()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        var body = new { role = "pilot", launched = true, landed = true };

        await (await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", null, Json(body))).AssertProblemAsync(ProblemTypes.PreconditionRequired);
        var stale = await (await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"9\"", Json(body))).AssertProblemAsync(ProblemTypes.PreconditionFailed);
        Assert.Contains("\"1\"", stale.GetProperty("detail").GetString());
        await (await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "W/\"1\"", Json(body))).AssertProblemAsync(ProblemTypes.PreconditionFailed);

        await AssertUnchangedAsync(mission, 1, 0);
    }

    [Fact]
    public async Task Put_with_the_missions_etag_from_before_a_mission_edit_is_412()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        var edit = new { name = Unique("Edited Mission"), kind = "orbital", launchAt = "2030-07-01T00:00:00Z" };
        await client.PutIfMatchAsync($"/v1/missions/{mission.Slug}", edit, "\"1\"").AssertStatusAsync(HttpStatusCode.OK);

        var response = await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"1\"", Json(new { role = "pilot", launched = true, landed = true }));

        await response.AssertProblemAsync(ProblemTypes.PreconditionFailed);
        await AssertUnchangedAsync(mission, 2, 0);
    }

    [Fact]
    public async Task Put_for_an_unknown_mission_or_person_is_404_naming_it()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        var body = Json(new { role = "pilot", launched = true, landed = true });

        var noMission = await (await SendAsync(HttpMethod.Put, $"/v1/missions/no-such-mission/crew/{person.Slug}", "\"1\"", body)).AssertProblemAsync(HttpStatusCode.NotFound);
        var noPerson = await (await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/no-such-person", "\"1\"", Json(new { role = "pilot", launched = true, landed = true }))).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("mission", noMission.GetProperty("detail").GetString());
        Assert.Contains("no-such-mission", noMission.GetProperty("detail").GetString());
        Assert.Contains("person", noPerson.GetProperty("detail").GetString());
        Assert.Contains("no-such-person", noPerson.GetProperty("detail").GetString());
        await AssertUnchangedAsync(mission, 1, 0);
    }

    [Fact]
    public async Task Put_of_a_deleted_person_is_404()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        await SendAsync(HttpMethod.Delete, $"/v1/people/{person.Slug}", "\"1\"").AssertStatusAsync(HttpStatusCode.NoContent);

        var response = await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"1\"", Json(new { role = "pilot", launched = true, landed = true }));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        await AssertUnchangedAsync(mission, 1, 0);
    }

    [Theory]
    [InlineData("2020-07-02", null, true, "born")]
    [InlineData("2020-07-11", null, false, "born")]
    [InlineData("1950-01-01", "2020-06-30", true, "died")]
    [InlineData("1950-01-01", "2020-07-09", false, "died")]
    public async Task Put_of_someone_not_alive_on_the_day_they_boarded_is_422(string born, string? died, bool launched, string word)
    {
        var person = await CreatePersonAsync(born, died);
        var mission = await CreateMissionAsync("2020-07-01T23:00:00Z", "2020-07-10T00:00:00Z");

        var response = await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"1\"", Json(new { role = "pilot", launched, landed = !launched }));

        var problem = await response.AssertProblemAsync(ProblemTypes.NotAliveAtFlight);
        Assert.Contains(word, problem.GetProperty("detail").GetString());
        Assert.Contains(person.Slug, problem.GetProperty("detail").GetString());
        await AssertUnchangedAsync(mission, 1, 0);
    }

    [Fact]
    public async Task Put_of_someone_born_or_dying_on_the_day_itself_is_accepted()
    {
        var mission = await CreateMissionAsync("2020-07-01T23:00:00Z", "2020-07-10T00:00:00Z");
        var newborn = await CreatePersonAsync("2020-07-01");
        var dying = await CreatePersonAsync("1950-01-01", "2020-07-01");

        await PutCrewAsync(mission, newborn.Slug, new { role = "passenger", launched = true, landed = true }, "\"1\"", HttpStatusCode.Created);
        await PutCrewAsync(mission, dying.Slug, new { role = "passenger", launched = true, landed = false }, "\"2\"", HttpStatusCode.Created);
    }

    [Fact]
    public async Task Delete_removes_the_member_and_bumps_the_missions_version()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        await PutCrewAsync(mission, person.Slug, new { role = "pilot", launched = true, landed = true }, "\"1\"", HttpStatusCode.Created);

        var response = await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"2\"");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertUnchangedAsync(mission, 3, 0);
        var flights = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{person.Slug}/flights");
        Assert.Empty(flights.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Delete_of_someone_not_on_the_crew_is_404_and_changes_nothing()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();

        await (await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"1\"")).AssertNotFoundNamingAsync($"{person.Slug} is not crew of {mission.Slug}");
        await (await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}/crew/nobody-at-all", "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SendAsync(HttpMethod.Delete, $"/v1/missions/no-such-mission/crew/{person.Slug}", "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);
        await AssertUnchangedAsync(mission, 1, 0);
    }

    [Fact]
    public async Task Delete_without_if_match_is_428_and_with_a_stale_one_412_and_keeps_the_member()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        await PutCrewAsync(mission, person.Slug, new { role = "pilot", launched = true, landed = true }, "\"1\"", HttpStatusCode.Created);

        await (await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", null)).AssertProblemAsync(ProblemTypes.PreconditionRequired);
        await (await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"1\"")).AssertProblemAsync(ProblemTypes.PreconditionFailed);

        await AssertUnchangedAsync(mission, 2, 1);
    }

    [Fact]
    public async Task Crew_get_sends_the_missions_etag_and_answers_304_until_the_crew_changes()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        var first = await client.GetAsync($"/v1/missions/{mission.Slug}/crew").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", first.ETag());

        var unchanged = await client.GetIfNoneMatchAsync($"/v1/missions/{mission.Slug}/crew", first.ETag());
        await PutCrewAsync(mission, person.Slug, new { role = "pilot", launched = true, landed = true }, first.ETag(), HttpStatusCode.Created);
        var changed = await client.GetIfNoneMatchAsync($"/v1/missions/{mission.Slug}/crew", first.ETag());

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.ETag());
        Assert.Single((await changed.ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Crew_of_an_unknown_mission_is_404()
    {
        await (await client.GetAsync("/v1/missions/no-such-mission/crew")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/v1/missions/soyuz-ms-18/crew?limit=2", "limit")]
    [InlineData("/v1/missions/soyuz-ms-18/crew?cursor=abc", "cursor")]
    [InlineData("/v1/people/valeri-polyakov/flights?limit=1", "limit")]
    [InlineData("/v1/people/valeri-polyakov/flights?cursor=abc", "cursor")]
    public async Task Whole_lists_take_no_paging_parameters_and_say_none_is_accepted(string url, string parameter)
    {
        var response = await client.GetAsync(url);

        await response.AssertValidationErrorAsync(parameter);
        // {ref} is the route's: it is not offered as a query parameter.
        Assert.EndsWith("This endpoint accepts: none.", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_persons_flights_come_whole_without_a_next_cursor()
    {
        var flights = await client.GetFromJsonAsync<JsonElement>("/v1/people/valeri-polyakov/flights");

        Assert.Equal(["items"], flights.EnumerateObject().Select(member => member.Name));
        Assert.Equal(2, flights.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Crew_changes_are_mission_revisions_whose_documents_carry_the_crew()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        await PutCrewAsync(mission, person.Slug, new { role = "pilot", launched = true, landed = false }, "\"1\"", HttpStatusCode.Created);
        await PutCrewAsync(mission, person.Slug, new { role = "commander", launched = true, landed = true }, "\"2\"", HttpStatusCode.OK);
        await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"3\"").AssertStatusAsync(HttpStatusCode.NoContent);

        var history = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{mission.Slug}/history");

        var revisions = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            [("create", 1), ("update", 2), ("update", 3), ("update", 4)],
            revisions.Select(r => (r.GetProperty("operation").GetString(), r.GetProperty("version").GetInt32())));
        var crews = revisions.Select(r => r.GetProperty("data").GetProperty("crew").EnumerateArray()
            .Select(m => $"{m.GetProperty("person").GetProperty("slug").GetString()}:{m.GetProperty("role").GetString()}:{m.GetProperty("launched").GetBoolean()}:{m.GetProperty("landed").GetBoolean()}")
            .ToArray()).ToList();
        Assert.Equal([[], [$"{person.Slug}:pilot:True:False"], [$"{person.Slug}:commander:True:True"], []], crews);
        Assert.Equal(person.Id, revisions[1].GetProperty("data").GetProperty("crew")[0].GetProperty("person").GetProperty("id").GetInt64());
        var current = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{mission.Slug}");
        MissionsTests.AssertDocumentIs(current, revisions[3].GetProperty("data"));
    }

    [Fact]
    public async Task Deleting_a_person_who_is_crew_is_409_naming_the_missions_and_removes_nothing()
    {
        var before = await client.GetAsync("/v1/people/yulia-peresild");

        var response = await SendAsync(HttpMethod.Delete, "/v1/people/yulia-peresild", before.ETag());

        var problem = await response.AssertProblemAsync(ProblemTypes.ReferencedBy);
        Assert.Contains("yulia-peresild is crew of soyuz-ms-18, soyuz-ms-19", problem.GetProperty("detail").GetString());
        var after = await client.GetAsync("/v1/people/yulia-peresild").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(before.ETag(), after.ETag());
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/v1/people/yulia-peresild/flights")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_person_and_a_mission_can_be_deleted_once_their_crew_rows_are_gone()
    {
        var (person, mission) = await CreatePersonAndEmptyMissionAsync();
        await PutCrewAsync(mission, person.Slug, new { role = "pilot", launched = true, landed = true }, "\"1\"", HttpStatusCode.Created);
        var blockedPerson = await (await SendAsync(HttpMethod.Delete, $"/v1/people/{person.Slug}", "\"1\"")).AssertProblemAsync(ProblemTypes.ReferencedBy);
        var blockedMission = await (await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}", "\"2\"")).AssertProblemAsync(ProblemTypes.ReferencedBy);
        Assert.Contains($"{person.Slug} is crew of {mission.Slug}", blockedPerson.GetProperty("detail").GetString());
        Assert.Contains($"{mission.Slug} has crew {person.Slug}", blockedMission.GetProperty("detail").GetString());

        await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}/crew/{person.Slug}", "\"2\"").AssertStatusAsync(HttpStatusCode.NoContent);

        await SendAsync(HttpMethod.Delete, $"/v1/people/{person.Slug}", "\"1\"").AssertStatusAsync(HttpStatusCode.NoContent);
        await SendAsync(HttpMethod.Delete, $"/v1/missions/{mission.Slug}", "\"3\"").AssertStatusAsync(HttpStatusCode.NoContent);
        var history = await client.GetFromJsonAsync<JsonElement>($"/v1/missions/{mission.Id}/history");
        Assert.Equal(["create", "update", "update", "delete"], history.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("operation").GetString()));
    }

    [Fact]
    public async Task The_409_on_a_person_still_comes_before_a_stale_if_match_is_considered()
    {
        var response = await SendAsync(HttpMethod.Delete, "/v1/people/klim-shipenko", "\"99\"");

        var problem = await response.AssertProblemAsync(ProblemTypes.ReferencedBy);
        Assert.Contains("klim-shipenko is crew of soyuz-ms-18, soyuz-ms-19", problem.GetProperty("detail").GetString());
    }

    private sealed record Created(long Id, string Slug);

    /// <summary>A new person (born 1975-05-05) and a new mission (2030-07-01, not landed) with no crew yet.</summary>
    private async Task<(Created Person, Created Mission)> CreatePersonAndEmptyMissionAsync() =>
        (await CreatePersonAsync("1975-05-05"), await CreateMissionAsync("2030-07-01T00:00:00Z", null));

    private async Task<Created> CreatePersonAsync(string? birthDate, string? deathDate = null)
    {
        var response = await client.PostAsync("/v1/people", Json(new { name = Unique("Crew Person"), birthDate, deathDate }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var person = await response.ReadJsonAsync();
        return new Created(person.GetProperty("id").GetInt64(), person.GetProperty("slug").GetString()!);
    }

    private async Task<Created> CreateMissionAsync(string? launchAt, string? landingAt)
    {
        var response = await client.PostAsync("/v1/missions", Json(new { name = Unique("Crew Mission"), kind = "orbital", launchAt, landingAt }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var mission = await response.ReadJsonAsync();
        return new Created(mission.GetProperty("id").GetInt64(), mission.GetProperty("slug").GetString()!);
    }

    /// <summary>PUTs a crew member with the mission's current ETag (or the one given) and expects the status.</summary>
    private async Task<HttpResponseMessage> PutCrewAsync(Created mission, string personRef, object member, string? ifMatch = null, HttpStatusCode? status = null)
    {
        ifMatch ??= (await client.GetAsync($"/v1/missions/{mission.Id}")).ETag();
        var response = await SendAsync(HttpMethod.Put, $"/v1/missions/{mission.Slug}/crew/{personRef}", ifMatch, Json(member));
        if (status is { } expected ? response.StatusCode != expected : !response.IsSuccessStatusCode)
        {
            Assert.Fail($"PUT crew answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? ifMatch, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <summary>The mission is at the given version with the given number of crew rows, and has that many revisions.</summary>
    private async Task AssertUnchangedAsync(Created mission, int version, int crewCount)
    {
        var crew = await client.GetAsync($"/v1/missions/{mission.Slug}/crew").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal($"\"{version}\"", crew.ETag());
        Assert.Equal(crewCount, (await crew.ReadJsonAsync()).GetProperty("items").GetArrayLength());
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.Equal(version, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM revisions WHERE resource = 'missions' AND resource_id = @id", new { id = mission.Id }));
    }

    private static void AssertAge(JsonElement member, int years, int days)
    {
        var age = member.GetProperty("ageAtLaunch");
        Assert.True(age.ValueKind == JsonValueKind.Object, $"no ageAtLaunch in {member}");
        Assert.Equal((years, days), (age.GetProperty("years").GetInt32(), age.GetProperty("days").GetInt32()));
    }

    /// <summary>Asserts a person's flights, in order, as (mission, rode it up, rode it down); returns them.</summary>
    private async Task<List<JsonElement>> AssertLegsAsync(string person, (string, bool, bool)[] legs)
    {
        var flights = await client.GetFromJsonAsync<JsonElement>($"/v1/people/{person}/flights");
        var items = flights.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(legs, items.Select(f => (f.GetProperty("mission").GetProperty("slug").GetString()!, f.GetProperty("launched").GetBoolean(), f.GetProperty("landed").GetBoolean())));
        return items;
    }
}
