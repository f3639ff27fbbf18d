
namespace RecordsApi.Tests;

/// <summary>
/// Checks over the whole shipped catalogue (db/catalogue), as a fresh database loads it: the data is
/// consistent with itself, every row is sourced, and the boards give the answers history gives.
/// Each check lists every row that fails it, so a bad batch of data says where it is wrong.
/// </summary>
[Collection(CatalogueCollection.Name)]
public sealed class CatalogueDataTests(CatalogueFixture api)
{
    [Fact]
    public async Task The_catalogue_holds_at_least_775_people_and_400_missions()
    {
        var counts = await QuerySingleAsync<(long People, long Missions, long Crew)>(
            """
            SELECT (SELECT count(*) FROM people WHERE deleted_at IS NULL), (SELECT count(*) FROM missions WHERE deleted_at IS NULL),
                   (SELECT count(*) FROM crew_members)
            """);
        // The floor of what is sourced today (docs/catalogue.md lists what is still missing), so data is never lost unnoticed.
        Assert.True(counts.People >= 775, $"{counts.People} people");
        Assert.True(counts.Missions >= 400, $"{counts.Missions} missions");
        Assert.True(counts.Crew >= 1700, $"{counts.Crew} crew rows");
    }

    [Fact]
    public Task Every_person_mission_record_and_holding_has_a_source() =>
        AssertNoneAsync(
            """
            SELECT 'person ' || slug FROM people WHERE deleted_at IS NULL AND cardinality(sources) = 0
            UNION ALL SELECT 'mission ' || slug FROM missions WHERE deleted_at IS NULL AND cardinality(sources) = 0
            UNION ALL SELECT 'record ' || slug FROM records WHERE deleted_at IS NULL AND cardinality(sources) = 0
            UNION ALL SELECT 'holding of ' || r.slug || ' on ' || h.achieved_on FROM holdings h JOIN records r ON r.id = h.record_id
                WHERE cardinality(h.sources) = 0
            """);

    [Fact]
    public Task Each_persons_legs_alternate_up_then_down_in_time() =>
        AssertNoneAsync(
            """
            WITH legs AS (
                SELECT c.person_id, m.slug, m.launch_at AS at, 'up' AS leg FROM crew_members c JOIN missions m ON m.id = c.mission_id
                WHERE c.launched AND m.deleted_at IS NULL
                UNION ALL
                SELECT c.person_id, m.slug, m.landing_at, 'down' FROM crew_members c JOIN missions m ON m.id = c.mission_id
                WHERE c.landed AND m.deleted_at IS NULL AND m.landing_at IS NOT NULL
            ),
            ordered AS (
                SELECT l.*, lag(l.leg) OVER w AS previous_leg, lag(l.slug) OVER w AS previous_slug
                FROM legs l WINDOW w AS (PARTITION BY l.person_id ORDER BY l.at, l.leg DESC)
            )
            SELECT p.slug || ': ' || o.leg || ' on ' || o.slug || ' follows ' || coalesce(o.previous_leg || ' on ' || o.previous_slug, 'nothing')
            FROM ordered o JOIN people p ON p.id = o.person_id
            WHERE o.leg = coalesce(o.previous_leg, 'down')
              -- The crew of a flight that never landed (STS-107) has a last up without a down.
              AND NOT (o.leg = 'up' AND o.previous_leg IS NULL)
            """);

    [Fact]
    public Task No_flight_is_negative_or_longer_than_440_days_and_every_landed_flight_has_its_landing() =>
        AssertNoneAsync(
            """
            SELECT p.slug || ' on ' || m.slug || ': ' || coalesce((f.duration_seconds / 86400.0)::numeric(10, 2)::text || ' days', 'no landing')
            FROM flights f JOIN people p ON p.id = f.person_id JOIN missions m ON m.id = f.launch_mission_id
            WHERE f.duration_seconds < 0 OR f.duration_seconds > 440 * 86400
               -- Unpaired although the person rode a vehicle down after this launch: the legs are wrong. (A crew lost in
               -- flight, or still aloft, or coming down on a vehicle whose landing is not known yet, has no landing to pair.)
               OR (f.landing_at IS NULL AND EXISTS (
                   SELECT 1 FROM crew_members c JOIN missions down ON down.id = c.mission_id
                   WHERE c.person_id = f.person_id AND c.landed AND down.deleted_at IS NULL AND down.landing_at >= f.launch_at))
            """);

    [Fact]
    public Task Every_age_at_launch_is_between_17_and_95() =>
        AssertNoneAsync(
            """
            SELECT p.slug || ' on ' || m.slug || ': ' || (f.age_days / 365.25)::numeric(5, 1)
            FROM flights f JOIN people p ON p.id = f.person_id JOIN missions m ON m.id = f.launch_mission_id
            WHERE f.age_days IS NOT NULL AND (f.age_days < 17 * 365.25 OR f.age_days > 95 * 365.25)
            UNION ALL
            SELECT p.slug || ' on ' || m.slug || ': launched before birth'
            FROM crew_members c JOIN people p ON p.id = c.person_id JOIN missions m ON m.id = c.mission_id
            WHERE c.launched AND p.birth_date > (m.launch_at AT TIME ZONE 'UTC')::date
            """);

    [Fact]
    public Task Every_death_is_after_birth_and_after_the_persons_last_launch() =>
        AssertNoneAsync(
            """
            SELECT p.slug || ': died ' || p.death_date || coalesce(', born ' || p.birth_date, '') || ', last launch ' || max(m.launch_at)::date
            FROM people p JOIN crew_members c ON c.person_id = p.id AND c.launched JOIN missions m ON m.id = c.mission_id
            WHERE p.death_date IS NOT NULL AND p.deleted_at IS NULL
            GROUP BY p.slug, p.death_date, p.birth_date
            HAVING p.death_date < coalesce(p.birth_date, '-infinity') OR p.death_date < max((m.launch_at AT TIME ZONE 'UTC')::date)
            """);

    [Fact]
    public Task Every_suborbital_flight_has_an_apogee_and_every_mission_a_launch() =>
        AssertNoneAsync(
            """
            SELECT slug || ': suborbital without apogeeKm' FROM missions WHERE deleted_at IS NULL AND kind = 'suborbital' AND apogee_km IS NULL
            UNION ALL
            SELECT slug || ': no launchAt' FROM missions WHERE deleted_at IS NULL AND launch_at IS NULL
            UNION ALL
            SELECT slug || ': reached ' || apogee_km || ' km, below 80' FROM missions WHERE deleted_at IS NULL AND kind = 'suborbital' AND apogee_km < 80
            """);

    [Fact]
    public Task Every_crew_fits_its_vehicle() =>
        AssertNoneAsync(
            """
            WITH seats AS (
                SELECT m.slug, m.name,
                       count(*) FILTER (WHERE c.launched) AS up, count(*) FILTER (WHERE c.landed) AS down,
                       CASE
                           WHEN m.name ~* '^(vostok|mercury|x-15|spaceshipone)' THEN 1
                           WHEN m.name ~* '^gemini|starliner|boeing' THEN 2
                           WHEN m.name ~* '^(apollo|skylab|soyuz|shenzhou)' THEN 3
                           WHEN m.name ~* '^voskhod' THEN 3
                           WHEN m.name ~* 'dragon|crew-|demo-2|axiom|ax-|inspiration4|polaris|fram2|artemis' THEN 4
                           WHEN m.name ~* 'new shepard|^ns-' THEN 6
                           ELSE 8
                       END AS capacity
                FROM missions m JOIN crew_members c ON c.mission_id = m.id
                WHERE m.deleted_at IS NULL
                GROUP BY m.slug, m.name
            )
            SELECT slug || ': ' || up || ' up, ' || down || ' down, ' || capacity || ' seats'
            FROM seats WHERE up > capacity OR down > capacity OR (up = 0 AND down = 0)
            """);

    [Fact]
    public Task No_two_people_or_missions_are_the_same_under_two_slugs() =>
        AssertNoneAsync(
            """
            SELECT a.slug || ' ~ ' || b.slug || ' (born ' || a.birth_date || ')'
            FROM people a JOIN people b ON a.birth_date = b.birth_date AND a.id < b.id
            WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL
              -- Same surname and given names starting alike (ed-lu, edward-lu); twins (mark-kelly, scott-kelly) are two people.
              AND split_part(a.slug, '-', -1) = split_part(b.slug, '-', -1) AND left(a.slug, 2) = left(b.slug, 2)
            UNION ALL
            SELECT a.slug || ' ~ ' || b.slug || ' (both launched ' || a.launch_at || ')'
            FROM missions a JOIN missions b ON a.launch_at = b.launch_at AND a.id < b.id
            WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL
            """);

    [Fact]
    public Task Nationalities_are_two_letter_codes_and_SU_only_before_1992() =>
        AssertNoneAsync(
            """
            SELECT slug || ': ' || nationality FROM people
            WHERE deleted_at IS NULL AND nationality !~ '^[A-Z]{2}$'
            UNION ALL
            SELECT p.slug || ': SU after 1991' FROM people p
            WHERE p.nationality = 'SU' AND (SELECT min(m.launch_at) FROM crew_members c JOIN missions m ON m.id = c.mission_id
                                           WHERE c.person_id = p.id AND c.launched) >= '1992-01-01'
            """);

    [Fact]
    public async Task Most_flights_is_led_by_Jerry_Ross_and_Franklin_Chang_Diaz_with_7()
    {
        var board = await BoardAsync("/v1/leaderboards/most-flights?limit=2");

        Assert.Equal(["franklin-chang-diaz", "jerry-ross"], board.Select(s => s.Person).Order());
        Assert.All(board, s => Assert.Equal((1, 7L), (s.Rank, s.Value)));
    }

    [Fact]
    public async Task Longest_flight_is_Polyakovs_437_days_17_hours_58_minutes_31_seconds()
    {
        var response = await api.CreateClient().GetFromJsonAsync<JsonElement>("/v1/leaderboards/longest-flight?limit=1");

        var leader = response.GetProperty("standings")[0];
        Assert.Equal("valeri-polyakov", leader.GetProperty("person").GetProperty("slug").GetString());
        var duration = leader.GetProperty("duration");
        Assert.Equal((437, 17, 58, 31), (duration.GetProperty("days").GetInt32(), duration.GetProperty("hours").GetInt32(),
            duration.GetProperty("minutes").GetInt32(), duration.GetProperty("seconds").GetInt32()));
    }

    [Fact]
    public async Task Oldest_at_launch_as_of_1990_is_Karl_Henize()
    {
        var board = await BoardAsync("/v1/leaderboards/oldest-at-launch?asOf=1990-01-01&limit=1");

        Assert.Equal("karl-henize", Assert.Single(board).Person);
    }

    [Fact]
    public async Task Youngest_at_launch_progression_runs_Gagarin_Titov_Daemen()
    {
        var response = await api.CreateClient().GetFromJsonAsync<JsonElement>("/v1/leaderboards/youngest-at-launch/progression");

        Assert.Equal(["yuri-gagarin", "gherman-titov", "oliver-daemen"],
            response.GetProperty("progression").EnumerateArray().Select(s => s.GetProperty("person").GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task Every_board_says_what_it_was_computed_from()
    {
        var response = await api.CreateClient().GetFromJsonAsync<JsonElement>("/v1/leaderboards/most-time-in-space?limit=3");

        var coverage = response.GetProperty("coverage");
        Assert.Equal("2026-05-24", coverage.GetProperty("completeTo").GetString());
        Assert.True(coverage.GetProperty("people").GetInt32() >= 735);
        Assert.True(coverage.GetProperty("missions").GetInt32() >= 380);
        Assert.True(coverage.GetProperty("flights").GetInt32() >= coverage.GetProperty("people").GetInt32());
        var past = await api.CreateClient().GetFromJsonAsync<JsonElement>("/v1/leaderboards/most-flights?asOf=1961-12-31");
        // 1961: Vostok 1 and 2, and Mercury-Redstone 3 and 4 (suborbital, above 100 km).
        Assert.Equal((4, 4, 4), (past.GetProperty("coverage").GetProperty("missions").GetInt32(),
            past.GetProperty("coverage").GetProperty("flights").GetInt32(), past.GetProperty("coverage").GetProperty("people").GetInt32()));
    }

    [Fact]
    public async Task Every_curated_record_with_a_metric_agrees_with_the_data()
    {
        var slugs = await QueryAsync<string>("SELECT slug FROM records WHERE deleted_at IS NULL AND metric IS NOT NULL ORDER BY slug");
        Assert.True(slugs.Count >= 5, $"{slugs.Count} records with a metric");
        var disagreeing = new List<string>();
        foreach (var slug in slugs)
        {
            var record = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/records/{slug}");
            if (!record.GetProperty("agreesWithData").GetBoolean())
            {
                disagreeing.Add(slug);
            }
        }

        Assert.Empty(disagreeing);
        var count = await QuerySingleAsync<long>("SELECT count(*) FROM records WHERE deleted_at IS NULL");
        Assert.True(count >= 45, $"{count} records");
    }

    [Fact]
    public async Task A_landing_is_never_paired_with_the_launch_of_an_earlier_flight()
    {
        // Afanasyev went up on Soyuz TM-33 (2001) and came down on TM-32: his age there is from TM-33's launch, not 1994's.
        var crew = await api.CreateClient().GetFromJsonAsync<JsonElement>("/v1/missions/soyuz-tm-32/crew");

        var afanasyev = crew.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("person").GetProperty("slug").GetString() == "viktor-afanasyev");
        Assert.Equal((52, 294), (afanasyev.GetProperty("ageAtLaunch").GetProperty("years").GetInt32(), afanasyev.GetProperty("ageAtLaunch").GetProperty("days").GetInt32()));
    }

    private async Task<List<(int Rank, string Person, long Value)>> BoardAsync(string path)
    {
        var response = await api.CreateClient().GetFromJsonAsync<JsonElement>(path);
        return [.. response.GetProperty("standings").EnumerateArray().Select(s =>
            (s.GetProperty("rank").GetInt32(), s.GetProperty("person").GetProperty("slug").GetString()!, s.GetProperty("value").GetInt64()))];
    }

    private async Task AssertNoneAsync(string sql)
    {
        var failures = await QueryAsync<string>(sql);
        Assert.True(failures.Count == 0, $"{failures.Count} rows fail:\n" + string.Join('\n', failures.Take(200)));
    }

    private async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        await using var connection = await db.OpenConnectionAsync();
        return [.. await connection.QueryAsync<T>(sql)];
    }

    private async Task<T> QuerySingleAsync<T>(string sql)
    {
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        await using var connection = await db.OpenConnectionAsync();
        return await connection.QuerySingleAsync<T>(sql);
    }
}
