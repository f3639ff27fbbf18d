namespace RecordsApi.Tests.Infrastructure;

/// <summary>A row a test made: its id and slug.</summary>
public sealed record Made(long Id, string Slug);

/// <summary>
/// Test setup of people, missions and crews written straight to the database (for what the API of
/// this branch cannot write), with unique slugs. Disposing removes everything it made, and any
/// holdings naming it, so the leaderboards are as the seed data left them for the next test.
/// </summary>
public sealed class FlightData(NpgsqlDataSource database) : IAsyncDisposable
{
    private readonly List<long> people = [];
    private readonly List<long> missions = [];

    public async Task<Made> PersonAsync(string name, string? birthDate)
    {
        var slug = Slug(name);
        await using var connection = await database.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO people (slug, name, birth_date) VALUES (@slug, @name, CAST(@birthDate AS date)) RETURNING id",
            new { slug, name, birthDate });
        people.Add(id);
        return new Made(id, slug);
    }

    /// <summary>A mission with times as RFC 3339 instants.</summary>
    public async Task<Made> MissionAsync(string name, string kind, double? apogeeKm, string launchAt, string? landingAt)
    {
        var slug = Slug(name);
        await using var connection = await database.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO missions (slug, name, kind, apogee_km, launch_at, landing_at)
            VALUES (@slug, @name, @kind, @apogeeKm, CAST(@launchAt AS timestamptz), CAST(@landingAt AS timestamptz))
            RETURNING id
            """,
            new { slug, name, kind, apogeeKm, launchAt, landingAt });
        missions.Add(id);
        return new Made(id, slug);
    }

    public async Task CrewAsync(Made mission, Made person, bool launched = true, bool landed = true)
    {
        await using var connection = await database.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO crew_members (mission_id, person_id, role, launched, landed) VALUES (@mission, @person, 'passenger', @launched, @landed)",
            new { mission = mission.Id, person = person.Id, launched, landed });
    }

    /// <summary>A flyer: a person and a mission they rode up and down.</summary>
    public async Task<(Made Person, Made Mission)> FlightAsync(
        string name, string? birthDate, string launchAt, string kind = "orbital", double? apogeeKm = 400, string? landingAt = null)
    {
        var person = await PersonAsync(name, birthDate);
        var mission = await MissionAsync($"{name} flight", kind, apogeeKm, launchAt, landingAt ?? launchAt);
        await CrewAsync(mission, person);
        return (person, mission);
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await database.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        if (people.Count == 0 && missions.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var made = new { people = people.ToArray(), missions = missions.ToArray() };
        foreach (var sql in new[]
        {
            """
            WITH doomed AS (
                SELECT id FROM holdings WHERE mission_id = ANY(@missions)
                UNION SELECT holding_id FROM holding_people WHERE person_id = ANY(@people)
            ),
            holders AS (DELETE FROM holding_people WHERE holding_id IN (SELECT id FROM doomed))
            DELETE FROM holdings WHERE id IN (SELECT id FROM doomed)
            """,
            "DELETE FROM crew_members WHERE person_id = ANY(@people) OR mission_id = ANY(@missions)",
            "DELETE FROM people WHERE id = ANY(@people)",
            "DELETE FROM missions WHERE id = ANY(@missions)",
        })
        {
            await connection.ExecuteAsync(sql, made, transaction);
        }

        await transaction.CommitAsync();
    }

    private static string Slug(string name)
    {
        var stem = System.Text.RegularExpressions.Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        stem = stem.Length > 60 ? stem[..60].TrimEnd('-') : stem;
        return $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];
    }
}
