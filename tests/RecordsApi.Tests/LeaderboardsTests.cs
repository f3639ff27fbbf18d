using Microsoft.Extensions.Time.Testing;

namespace RecordsApi.Tests;

/// <summary>
/// Leaderboards rank every flight in the database, so these tests run against a database of their own
/// (seeded like the shared one) and remove the flights they add when they finish.
/// </summary>
[Collection(ApiCollection2.Name)]
public sealed class LeaderboardsTests(ApiFixture shared) : IAsyncLifetime
{
    public const string DatabaseName = "records_tests_leaderboards";

    private IsolatedApi api = null!;
    private HttpClient client = null!;
    private FlightData data = null!;

    public async Task InitializeAsync()
    {
        api = await shared.IsolatedAsync(DatabaseName);
        client = api.CreateWriterClient();
        data = new FlightData(api.Database);
    }

    public async Task DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task The_list_names_the_five_leaderboards_and_their_units()
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/v1/leaderboards");

        var metrics = list.GetProperty("items").EnumerateArray()
            .Select(m => (m.GetProperty("metric").GetString(), m.GetProperty("unit").GetString())).ToList();
        Assert.Equal([("oldest-at-launch", "days"), ("youngest-at-launch", "days"), ("longest-flight", "seconds"), ("most-flights", "flights"), ("most-time-in-space", "seconds")], metrics);
    }

    [Fact]
    public async Task Oldest_at_launch_progression_is_computed_from_the_data_and_ends_Glenn_Funk_Shatner_Dwight()
    {
        var progression = await ProgressionAsync("oldest-at-launch");

        Assert.Equal(["yuri-gagarin", "valeri-polyakov", "ulf-merbold", "john-glenn", "wally-funk", "william-shatner", "ed-dwight"], Slugs(progression));
        var tail = progression.Skip(3).Select(step => (
            Slug(step), step.GetProperty("mission").GetProperty("slug").GetString(), step.GetProperty("date").GetString(),
            Age(step), step.GetProperty("value").GetInt64())).ToList();
        Assert.Equal(
            [
                ("john-glenn", "sts-95", "1998-10-29", (77, 103), 28227L),
                ("wally-funk", "new-shepard-ns-16", "2021-07-20", (82, 169), 30120L),
                ("william-shatner", "new-shepard-ns-18", "2021-10-13", (90, 205), 33078L),
                ("ed-dwight", "new-shepard-ns-25", "2024-05-19", (90, 253), 33125L),
            ],
            tail);
        Assert.Equal(
            ["1994-01-08", "1994-10-03", "1998-10-29", "2021-07-20", "2021-10-13", "2024-05-19", null],
            progression.Select(step => step.GetProperty("heldUntil").GetString()));
        Assert.Equal("Ed Dwight", progression[^1].GetProperty("person").GetProperty("name").GetString());
        Assert.False(progression[^1].TryGetProperty("landingMission", out _));
        Assert.False(progression[^1].TryGetProperty("duration", out _));
    }

    [Fact]
    public async Task Youngest_at_launch_progression_is_Gagarin_Titov_Daemen()
    {
        var progression = await ProgressionAsync("youngest-at-launch");

        Assert.Equal(
            [
                ("yuri-gagarin", "vostok-1", "1961-04-12", (27, 34)),
                ("gherman-titov", "vostok-2", "1961-08-06", (25, 329)),
                ("oliver-daemen", "new-shepard-ns-16", "2021-07-20", (18, 334)),
            ],
            progression.Select(step => (Slug(step), step.GetProperty("mission").GetProperty("slug").GetString(), step.GetProperty("date").GetString(), Age(step))));
    }

    [Fact]
    public async Task Longest_flight_runs_from_the_vehicle_up_to_the_vehicle_down_and_ties_share_the_lead()
    {
        var progression = await ProgressionAsync("longest-flight");

        // Afanasyev and Usachov flew Soyuz TM-18 up and down together: co-holders of one day.
        Assert.Equal(
            [
                ("yuri-gagarin", "1961-04-12", "vostok-1"),
                ("gherman-titov", "1961-08-07", "vostok-2"),
                ("viktor-afanasyev", "1994-07-09", "soyuz-tm-18"),
                ("yury-usachov", "1994-07-09", "soyuz-tm-18"),
                ("valeri-polyakov", "1995-03-22", "soyuz-tm-20"),
            ],
            progression.Select(step => (Slug(step), step.GetProperty("date").GetString(), step.GetProperty("landingMission").GetProperty("slug").GetString())));
        var polyakov = progression[^1];
        Assert.Equal("soyuz-tm-18", polyakov.GetProperty("mission").GetProperty("slug").GetString());
        Assert.Equal((437 * 86400) + (17 * 3600) + (59 * 60), polyakov.GetProperty("value").GetInt64());
        Assert.Equal("""{"days":437,"hours":17,"minutes":59,"seconds":0}""", polyakov.GetProperty("duration").GetRawText());
        Assert.False(polyakov.TryGetProperty("age", out _));
        Assert.Equal("1995-03-22", progression[3].GetProperty("heldUntil").GetString());
    }

    [Fact]
    public async Task Most_flights_progression_is_Gagarin_then_Musabayev_with_two()
    {
        var progression = await ProgressionAsync("most-flights");

        Assert.Equal(
            [("yuri-gagarin", "1961-04-12", 1L), ("talgat-musabayev", "2001-04-28", 2L)],
            progression.Select(step => (Slug(step), step.GetProperty("date").GetString(), step.GetProperty("value").GetInt64())));
        Assert.Equal("soyuz-tm-32", progression[1].GetProperty("mission").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Oldest_at_launch_as_of_2021_10_01_is_led_by_Wally_Funk()
    {
        var board = await BoardAsync("oldest-at-launch", "asOf=2021-10-01&limit=3");

        Assert.Equal("2021-10-01", board.GetProperty("asOf").GetString());
        Assert.Equal("karman", board.GetProperty("boundary").GetString());
        Assert.Equal("days", board.GetProperty("unit").GetString());
        var standings = Standings(board);
        Assert.Equal(["wally-funk", "john-glenn", "dennis-tito"], Slugs(standings));
        Assert.Equal([1, 2, 3], standings.Select(s => s.GetProperty("rank").GetInt32()));
        Assert.Equal((82, 169), Age(standings[0]));
        Assert.Equal("new-shepard-ns-16", standings[0].GetProperty("mission").GetProperty("slug").GetString());
        Assert.Equal("2021-07-20", standings[0].GetProperty("date").GetString());
    }

    public static TheoryData<string, string, string[]> HoldersAround => new()
    {
        // Each change of holder, the day before and the day of it.
        { "oldest-at-launch", "1961-04-11", [] },
        { "oldest-at-launch", "1961-04-12", ["yuri-gagarin"] },
        { "oldest-at-launch", "1994-01-07", ["yuri-gagarin"] },
        { "oldest-at-launch", "1994-01-08", ["valeri-polyakov"] },
        { "oldest-at-launch", "1998-10-28", ["ulf-merbold"] },
        { "oldest-at-launch", "1998-10-29", ["john-glenn"] },
        { "oldest-at-launch", "2021-07-19", ["john-glenn"] },
        { "oldest-at-launch", "2021-07-20", ["wally-funk"] },
        { "oldest-at-launch", "2021-10-12", ["wally-funk"] },
        { "oldest-at-launch", "2021-10-13", ["william-shatner"] },
        { "oldest-at-launch", "2024-05-18", ["william-shatner"] },
        { "oldest-at-launch", "2024-05-19", ["ed-dwight"] },
        { "youngest-at-launch", "1961-08-05", ["yuri-gagarin"] },
        { "youngest-at-launch", "1961-08-06", ["gherman-titov"] },
        { "youngest-at-launch", "2021-07-19", ["gherman-titov"] },
        { "youngest-at-launch", "2021-07-20", ["oliver-daemen"] },
        // A flight counts for longest-flight once it has landed.
        { "longest-flight", "1961-08-06", ["yuri-gagarin"] },
        { "longest-flight", "1961-08-07", ["gherman-titov"] },
        { "longest-flight", "1994-07-09", ["viktor-afanasyev", "yury-usachov"] },
        { "longest-flight", "1995-03-21", ["viktor-afanasyev", "yury-usachov"] },
        { "longest-flight", "1995-03-22", ["valeri-polyakov"] },
        { "most-flights", "2001-04-27", null! },
        { "most-flights", "2001-04-28", ["talgat-musabayev"] },
    };

    [Theory]
    [MemberData(nameof(HoldersAround))]
    public async Task As_of_a_day_the_leaders_are_those_of_that_day(string metric, string asOf, string[]? leaders)
    {
        var standings = Standings(await BoardAsync(metric, $"asOf={asOf}&limit=200"));

        var first = standings.Where(s => s.GetProperty("rank").GetInt32() == 1).ToList();
        if (leaders is null)
        {
            // Before Musabayev's second flight everyone had flown once: all tie for first.
            Assert.True(first.Count > 1);
            Assert.All(first, s => Assert.Equal(1, s.GetProperty("value").GetInt64()));
            return;
        }

        Assert.Equal(leaders, Slugs(first));
    }

    [Fact]
    public async Task Each_step_of_every_progression_changes_the_leader_on_its_day_and_not_before()
    {
        foreach (var metric in new[] { "oldest-at-launch", "youngest-at-launch", "longest-flight", "most-flights" })
        {
            var progression = await ProgressionAsync(metric);
            foreach (var day in progression.Select(step => DateOnly.Parse(step.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Distinct())
            {
                var holders = progression.Where(step => step.GetProperty("date").GetString() == $"{day:yyyy-MM-dd}").ToList();
                var on = Standings(await BoardAsync(metric, $"asOf={day:yyyy-MM-dd}&limit=200")).Where(s => s.GetProperty("rank").GetInt32() == 1).ToList();
                var before = Standings(await BoardAsync(metric, $"asOf={day.AddDays(-1):yyyy-MM-dd}&limit=200")).Where(s => s.GetProperty("rank").GetInt32() == 1);

                Assert.Equal(Slugs(holders), Slugs(on));
                Assert.All(on, s => Assert.Equal(holders[0].GetProperty("value").GetInt64(), s.GetProperty("value").GetInt64()));
                // The day before, the lead was held at another (worse) value, or by nobody.
                Assert.All(before, s => Assert.NotEqual(holders[0].GetProperty("value").GetInt64(), s.GetProperty("value").GetInt64()));
            }
        }
    }

    [Fact]
    public async Task Without_asOf_the_standings_are_todays()
    {
        // Today by the service's clock, which stands a minute before midnight.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 23, 59, 0, TimeSpan.Zero));
        await using var service = api.WithClock(clock);
        var reader = service.CreateClient();
        var leaders = new List<string>();
        foreach (var metric in new[] { "oldest-at-launch", "youngest-at-launch", "longest-flight", "most-flights" })
        {
            var board = await BoardAsync(metric, "", reader);
            Assert.Equal("2026-06-15", board.GetProperty("asOf").GetString());
            Assert.Equal(10, Standings(board).Count);
            leaders.Add(Slug(Standings(board)[0]));
        }

        Assert.Equal(["ed-dwight", "oliver-daemen", "valeri-polyakov", "talgat-musabayev"], leaders);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("2026-06-16", (await BoardAsync("oldest-at-launch", "", reader)).GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task Flights_launched_after_today_do_not_count_until_they_launch()
    {
        var launch = DateTime.UtcNow.AddDays(30);
        await data.FlightAsync("Future Flyer", "1901-01-01", launch.ToString("yyyy-MM-dd'T'12:00'Z'", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("ed-dwight", Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));
        Assert.Equal("ed-dwight", Slug((await ProgressionAsync("oldest-at-launch"))[^1]));
        var then = Standings(await BoardAsync("oldest-at-launch", $"limit=1&asOf={launch:yyyy-MM-dd}"));
        Assert.StartsWith("future-flyer-", Slug(then[0]));
    }

    [Fact]
    public async Task A_flyer_whose_next_flight_is_booked_keeps_todays_standing_from_the_last_one()
    {
        var (flyer, _) = await data.FlightAsync("Booked Flyer", "1900-01-01", "2000-06-01T12:00Z");
        var next = await data.MissionAsync("Booked Flyer Return", "orbital", null,
            DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd'T'12:00'Z'", System.Globalization.CultureInfo.InvariantCulture), null);
        await data.CrewAsync(next, flyer);

        // Today's standing (100 at launch, in 2000) ends on the day of the booked flight, not before.
        var today = Standings(await BoardAsync("oldest-at-launch", "limit=1"));
        Assert.Equal(flyer.Slug, Slug(today[0]));
        Assert.Equal((100, 152), Age(today[0]));
    }

    [Fact]
    public async Task Standings_are_limited_to_limit_and_default_to_ten()
    {
        Assert.Equal(10, Standings(await BoardAsync("most-flights", "")).Count);
        Assert.Equal(3, Standings(await BoardAsync("most-flights", "limit=3")).Count);
        Assert.Single(Standings(await BoardAsync("longest-flight", "limit=1")));
        Assert.True(Standings(await BoardAsync("most-flights", "limit=200")).Count > 30);
    }

    [Fact]
    public async Task Equal_values_share_a_rank_and_the_next_rank_skips()
    {
        var standings = Standings(await BoardAsync("longest-flight", "asOf=1995-03-21&limit=3"));

        Assert.Equal(
            [(1, "viktor-afanasyev"), (1, "yury-usachov"), (3, "yuri-malenchenko")],
            standings.Select(s => (s.GetProperty("rank").GetInt32(), Slug(s))));
        Assert.Equal(standings[0].GetProperty("value").GetInt64(), standings[1].GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task Two_people_born_the_same_day_on_the_same_flight_tie_in_order_of_id()
    {
        var mission = await data.MissionAsync("Twins Flight", "orbital", 400, "2023-03-01T10:00Z", "2023-03-02T10:00Z");
        var first = await data.PersonAsync("Twin One", "1925-01-01");
        var second = await data.PersonAsync("Twin Two", "1925-01-01");
        await data.CrewAsync(mission, second);
        await data.CrewAsync(mission, first);

        var standings = Standings(await BoardAsync("oldest-at-launch", "limit=3"));
        var progression = await ProgressionAsync("oldest-at-launch");

        Assert.Equal([(1, first.Slug), (1, second.Slug), (3, "ed-dwight")], standings.Select(s => (s.GetProperty("rank").GetInt32(), Slug(s))));
        Assert.Equal((98, 59), Age(standings[0]));
        Assert.Equal([first.Slug, second.Slug], Slugs(progression.TakeLast(2).ToList()));
        Assert.All(progression.TakeLast(2), step => Assert.Equal("2023-03-01", step.GetProperty("date").GetString()));
        Assert.Equal("2023-03-01", progression[^3].GetProperty("heldUntil").GetString());
    }

    [Fact]
    public async Task People_without_a_birth_date_are_left_out_of_the_age_boards_only()
    {
        var (unknown, _) = await data.FlightAsync("Ageless Flyer", null, "2023-05-01T10:00Z", landingAt: "2025-05-01T10:00Z");
        var undated = new[] { "mark-bezos", "audrey-powers", "chris-boshuizen", "mason-angel", "gopi-thotakura", unknown.Slug };

        foreach (var metric in new[] { "oldest-at-launch", "youngest-at-launch" })
        {
            var standings = Standings(await BoardAsync(metric, "limit=200"));
            Assert.Empty(Slugs(standings).Intersect(undated));
            Assert.All(standings, s => Assert.True(s.GetProperty("age").GetProperty("years").GetInt32() > 0));
        }

        var flights = Slugs(Standings(await BoardAsync("most-flights", "limit=200")));
        Assert.Subset(flights.ToHashSet(), undated.ToHashSet());
        // Two years aloft: the longest flight of all, birth date or not.
        Assert.Equal(unknown.Slug, Slug(Standings(await BoardAsync("longest-flight", "limit=1"))[0]));
    }

    [Theory]
    [InlineData(79.9, false, false)]
    [InlineData(80, false, true)]
    [InlineData(85, false, true)]
    [InlineData(99.99, false, true)]
    [InlineData(100, true, true)]
    public async Task The_boundary_decides_whether_a_suborbital_flight_counts(double apogeeKm, bool countsAboveKarman, bool countsAbove80km)
    {
        // A 103-year-old would lead the oldest board wherever the flight counts.
        var (person, _) = await data.FlightAsync("Suborbital Elder", "1920-01-01", "2023-06-01T14:00Z", "suborbital", apogeeKm, "2023-06-01T14:11Z");

        foreach (var (boundary, counts) in new[] { ("karman", countsAboveKarman), ("80km", countsAbove80km) })
        {
            var board = await BoardAsync("oldest-at-launch", $"boundary={boundary}&limit=1");
            var progression = await ProgressionAsync("oldest-at-launch", boundary);

            Assert.Equal(boundary, board.GetProperty("boundary").GetString());
            Assert.Equal(counts ? person.Slug : "ed-dwight", Slug(Standings(board)[0]));
            Assert.Equal(counts ? person.Slug : "ed-dwight", Slug(progression[^1]));
            Assert.Equal(counts, Slugs(Standings(await BoardAsync("most-flights", $"boundary={boundary}&limit=200"))).Contains(person.Slug));
        }
    }

    [Fact]
    public async Task Without_an_apogee_a_suborbital_flight_counts_under_neither_boundary_and_an_orbital_one_under_both()
    {
        var (suborbital, _) = await data.FlightAsync("Unmeasured Hop", "1915-01-01", "2023-07-01T14:00Z", "suborbital", null);
        var (orbital, _) = await data.FlightAsync("Unmeasured Orbit", "1916-01-01", "2023-07-02T14:00Z", "orbital", null);

        foreach (var boundary in new[] { "karman", "80km" })
        {
            var slugs = Slugs(Standings(await BoardAsync("oldest-at-launch", $"boundary={boundary}&limit=5")));
            Assert.DoesNotContain(suborbital.Slug, slugs);
            Assert.Equal(orbital.Slug, slugs[0]);
        }
    }

    [Fact]
    public async Task Crew_changes_update_the_flights_at_once()
    {
        var person = await data.PersonAsync("Crew Changer", "1910-01-01");
        var up = await data.MissionAsync("Up Vehicle", "orbital", 400, "2022-01-01T00:00Z", "2022-01-10T00:00Z");
        var down = await data.MissionAsync("Down Vehicle", "orbital", 400, "2021-12-01T00:00Z", "2026-01-01T00:00Z");

        // Up on one vehicle, not down yet: ranks by age, but has no flight length.
        await data.CrewAsync(up, person, launched: true, landed: false);
        Assert.Equal(person.Slug, Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));
        Assert.DoesNotContain(person.Slug, Slugs(Standings(await BoardAsync("longest-flight", "limit=200"))));

        // Down on another: the flight runs from the first launch to the second landing, four years.
        await data.CrewAsync(down, person, launched: false, landed: true);
        var longest = Standings(await BoardAsync("longest-flight", "limit=1"))[0];
        Assert.Equal(person.Slug, Slug(longest));
        Assert.Equal((up.Slug, down.Slug, "2026-01-01"), (longest.GetProperty("mission").GetProperty("slug").GetString(), longest.GetProperty("landingMission").GetProperty("slug").GetString(), longest.GetProperty("date").GetString()));
        Assert.Equal(1461, longest.GetProperty("duration").GetProperty("days").GetInt32());

        // Down on the vehicle it went up on instead: nine days.
        await data.ExecuteAsync("UPDATE crew_members SET landed = true WHERE mission_id = @id", new { id = up.Id });
        Assert.Equal("valeri-polyakov", Slug(Standings(await BoardAsync("longest-flight", "limit=1"))[0]));
        var nineDays = Standings(await BoardAsync("longest-flight", "limit=200")).Single(s => Slug(s) == person.Slug);
        Assert.Equal((up.Slug, 9), (nineDays.GetProperty("landingMission").GetProperty("slug").GetString(), nineDays.GetProperty("duration").GetProperty("days").GetInt32()));

        // Off the crew: off every board.
        await data.ExecuteAsync("DELETE FROM crew_members WHERE person_id = @id", new { id = person.Id });
        foreach (var metric in new[] { "oldest-at-launch", "most-flights", "longest-flight" })
        {
            Assert.DoesNotContain(person.Slug, Slugs(Standings(await BoardAsync(metric, "limit=200"))));
        }

        Assert.Equal("ed-dwight", Slug((await ProgressionAsync("oldest-at-launch"))[^1]));
        await AssertStandingsAreExactAsync();
    }

    [Fact]
    public async Task Mission_changes_update_the_flights_at_once()
    {
        var (person, mission) = await data.FlightAsync("Mission Changer", "1930-01-01", "2022-01-01T10:00Z", "suborbital", 120, "2022-01-01T10:10Z");
        Assert.Equal((92, 0), Age(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));

        // A year later: a year older at launch.
        await data.ExecuteAsync("UPDATE missions SET launch_at = launch_at + interval '1 year', landing_at = landing_at + interval '1 year' WHERE id = @id", new { id = mission.Id });
        var leader = Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0];
        Assert.Equal((person.Slug, (93, 0), "2023-01-01"), (Slug(leader), Age(leader), leader.GetProperty("date").GetString()));

        // Below the Kármán line: only the 80 km boundary still counts it.
        await data.ExecuteAsync("UPDATE missions SET apogee_km = 90 WHERE id = @id", new { id = mission.Id });
        Assert.Equal("ed-dwight", Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));
        Assert.Equal(person.Slug, Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1&boundary=80km"))[0]));

        // A deleted mission flew nobody; restored, it counts again.
        await data.ExecuteAsync("UPDATE missions SET deleted_at = now() WHERE id = @id", new { id = mission.Id });
        Assert.Equal("ed-dwight", Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1&boundary=80km"))[0]));
        Assert.DoesNotContain(person.Slug, Slugs(Standings(await BoardAsync("most-flights", "limit=200&boundary=80km"))));
        Assert.Equal("ed-dwight", Slug((await ProgressionAsync("oldest-at-launch", "80km"))[^1]));
        await data.ExecuteAsync("UPDATE missions SET deleted_at = NULL WHERE id = @id", new { id = mission.Id });
        Assert.Equal(person.Slug, Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1&boundary=80km"))[0]));

        await AssertStandingsAreExactAsync();
    }

    [Fact]
    public async Task Person_changes_update_the_flights_at_once()
    {
        var (person, _) = await data.FlightAsync("Person Changer", "1930-01-01", "2022-01-01T10:00Z");
        Assert.Equal(person.Slug, Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));

        await data.ExecuteAsync("UPDATE people SET birth_date = '1929-12-31' WHERE id = @id", new { id = person.Id });
        Assert.Equal((92, 1), Age(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));

        // An unknown birth date leaves the age boards but not the others.
        await data.ExecuteAsync("UPDATE people SET birth_date = NULL WHERE id = @id", new { id = person.Id });
        Assert.Equal("ed-dwight", Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));
        Assert.Contains(person.Slug, Slugs(Standings(await BoardAsync("most-flights", "limit=200"))));

        // A deleted person is on no board and in no progression.
        await data.ExecuteAsync("UPDATE people SET birth_date = '1900-01-01' WHERE id = @id", new { id = person.Id });
        Assert.Equal(person.Slug, Slug((await ProgressionAsync("oldest-at-launch"))[^1]));
        await data.ExecuteAsync("UPDATE people SET deleted_at = now() WHERE id = @id", new { id = person.Id });
        foreach (var metric in new[] { "oldest-at-launch", "most-flights", "longest-flight" })
        {
            Assert.DoesNotContain(person.Slug, Slugs(Standings(await BoardAsync(metric, "limit=200"))));
        }

        Assert.Equal("ed-dwight", Slug((await ProgressionAsync("oldest-at-launch"))[^1]));
        await AssertStandingsAreExactAsync();
    }

    [Fact]
    public async Task A_crew_member_removed_through_the_api_leaves_the_boards()
    {
        var (person, mission) = await data.FlightAsync("Api Removed", "1905-01-01", "2022-02-01T10:00Z");
        Assert.Equal(person.Slug, Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));

        // A person who is crew cannot be deleted (409); taking them off the crew is the way.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteIfMatchAsync($"/v1/missions/{mission.Slug}/crew/{person.Slug}", "*")).StatusCode);

        Assert.Equal("ed-dwight", Slug(Standings(await BoardAsync("oldest-at-launch", "limit=1"))[0]));
    }

    [Fact]
    public async Task A_new_record_in_the_past_rewrites_the_later_progression_and_removing_it_restores_it()
    {
        // 90 years 228 days old in 1990: older than Glenn, Funk and Shatner would be, younger than Dwight.
        var (person, mission) = await data.FlightAsync("Early Elder", "1899-11-15", "1990-07-01T10:00Z");

        var progression = await ProgressionAsync("oldest-at-launch");
        Assert.Equal(["yuri-gagarin", person.Slug, "ed-dwight"], Slugs(progression));
        Assert.Equal(("1990-07-01", "2024-05-19"), (progression[1].GetProperty("date").GetString(), progression[1].GetProperty("heldUntil").GetString()));

        await data.ExecuteAsync("DELETE FROM crew_members WHERE mission_id = @id", new { id = mission.Id });

        Assert.Equal(["yuri-gagarin", "valeri-polyakov", "ulf-merbold", "john-glenn", "wally-funk", "william-shatner", "ed-dwight"], Slugs(await ProgressionAsync("oldest-at-launch")));
        await AssertStandingsAreExactAsync();
    }

    [Fact]
    public async Task Changes_made_at_repeatable_read_are_refused_so_the_standings_stay_exact()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "UPDATE people SET birth_date = birth_date - 1 WHERE slug = 'john-glenn'", transaction: transaction));

        Assert.Contains("READ COMMITTED", error.MessageText);
    }

    [Theory]
    [InlineData("/v1/leaderboards/tallest")]
    [InlineData("/v1/leaderboards/tallest/progression")]
    [InlineData("/v1/leaderboards/Oldest-At-Launch")]
    public async Task An_unknown_metric_is_404_listing_the_metrics(string url)
    {
        var problem = await (await client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("oldest-at-launch, youngest-at-launch, longest-flight, most-flights", problem.GetProperty("detail").GetString());
        Assert.Equal(["oldest-at-launch", "youngest-at-launch", "longest-flight", "most-flights", "most-time-in-space"], problem.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_progression_as_of_a_day_is_the_succession_up_to_that_day_and_its_last_holder_holds_on()
    {
        var today = await ProgressionBodyAsync("oldest-at-launch", "");
        var then = await ProgressionBodyAsync("oldest-at-launch", "asOf=2021-10-12");

        Assert.Equal("2021-10-12", then.GetProperty("asOf").GetString());
        var steps = then.GetProperty("progression").EnumerateArray().ToList();
        Assert.Equal(["yuri-gagarin", "valeri-polyakov", "ulf-merbold", "john-glenn", "wally-funk"], Slugs(steps));
        // Funk held the lead at the end of that day: as of then, nobody has taken it from her yet.
        Assert.Equal("2021-07-20", steps[^2].GetProperty("heldUntil").GetString());
        Assert.Equal(JsonValueKind.Null, steps[^1].GetProperty("heldUntil").ValueKind);
        Assert.True(
            then.GetProperty("coverage").GetProperty("flights").GetInt32() < today.GetProperty("coverage").GetProperty("flights").GetInt32(),
            "the coverage of an earlier day counts fewer flights");

        // The day the next holder took the lead is the first day that shows them.
        Assert.Equal("william-shatner", Slug((await ProgressionBodyAsync("oldest-at-launch", "asOf=2021-10-13")).GetProperty("progression").EnumerateArray().Last()));
        Assert.Empty((await ProgressionBodyAsync("oldest-at-launch", "asOf=1961-04-11")).GetProperty("progression").EnumerateArray());
    }

    [Fact]
    public async Task A_progression_says_the_day_it_is_told_up_to_today_by_default()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 23, 59, 0, TimeSpan.Zero));
        await using var service = api.WithClock(clock);
        var reader = service.CreateClient();

        var body = await reader.GetFromJsonAsync<JsonElement>("/v1/leaderboards/most-flights/progression");

        Assert.Equal("2026-06-15", body.GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task An_unknown_query_parameter_on_a_leaderboard_lists_only_real_query_parameters()
    {
        var board = await (await client.GetAsync("/v1/leaderboards/oldest-at-launch?sort=name")).AssertProblemAsync(HttpStatusCode.BadRequest);
        var progression = await (await client.GetAsync("/v1/leaderboards/oldest-at-launch/progression?when=2021-10-01")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.EndsWith("This endpoint accepts: asOf, boundary, limit.", board.GetProperty("detail").GetString());
        Assert.EndsWith("This endpoint accepts: asOf, boundary.", progression.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_leaderboards()
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/leaderboards/{metric}", out var board));
        Assert.True(paths.TryGetProperty("/v1/leaderboards/{metric}/progression", out _));
        Assert.Contains("age in days", board.GetProperty("get").GetProperty("description").GetString());
        var parameters = board.GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        // If-None-Match: a board sends an ETag and answers 304.
        Assert.Equal(["metric", "limit", "asOf", "boundary", "If-None-Match"], parameters);
    }

    /// <summary>The standings equal a computation from scratch, and the records flags their definition.</summary>
    private async Task AssertStandingsAreExactAsync()
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        var drift = await connection.ExecuteScalarAsync<long>(
            """
            WITH kept AS (
                SELECT person_id, metric, boundary, launch_mission_id, landing_mission_id, value, rank_key, valid_from, valid_to FROM standings
            ),
            computed AS (
                SELECT * FROM computed_standings(ARRAY(SELECT id FROM people))
            )
            SELECT count(*) FROM ((SELECT * FROM kept EXCEPT SELECT * FROM computed) UNION ALL (SELECT * FROM computed EXCEPT SELECT * FROM kept)) d
            """);
        var wrongRecords = await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM (
                SELECT s.is_record,
                       s.rank_key = min(s.rank_key) OVER (PARTITION BY s.metric, s.boundary, s.valid_from)
                       AND s.rank_key < coalesce(min(s.rank_key) OVER (
                           PARTITION BY s.metric, s.boundary ORDER BY s.valid_from RANGE BETWEEN UNBOUNDED PRECEDING AND '1 day' PRECEDING),
                           9223372036854775807) AS expected
                FROM standings s) x
            WHERE x.is_record <> x.expected
            """);
        Assert.Equal((0, 0), (drift, wrongRecords));
    }

    private async Task<JsonElement> BoardAsync(string metric, string query, HttpClient? reader = null)
    {
        var response = await (reader ?? client).GetAsync($"/v1/leaderboards/{metric}?{query}").AssertStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> ProgressionBodyAsync(string metric, string query)
    {
        var response = await client.GetAsync($"/v1/leaderboards/{metric}/progression?{query}").AssertStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private async Task<List<JsonElement>> ProgressionAsync(string metric, string boundary = "karman")
    {
        var response = await client.GetAsync($"/v1/leaderboards/{metric}/progression?boundary={boundary}").AssertStatusAsync(HttpStatusCode.OK);
        var body = await response.ReadJsonAsync();
        Assert.Equal(metric, body.GetProperty("metric").GetString());
        return [.. body.GetProperty("progression").EnumerateArray()];
    }

    private static List<JsonElement> Standings(JsonElement board) => [.. board.GetProperty("standings").EnumerateArray()];

    private static string Slug(JsonElement entry) => entry.GetProperty("person").GetProperty("slug").GetString()!;

    private static List<string> Slugs(IEnumerable<JsonElement> entries) => [.. entries.Select(Slug)];

    private static (int Years, int Days) Age(JsonElement entry) =>
        (entry.GetProperty("age").GetProperty("years").GetInt32(), entry.GetProperty("age").GetProperty("days").GetInt32());
}
