using RecordsApi.Infrastructure.Json;
using RecordsApi.Resources;

namespace RecordsApi.Missions;

/// <summary>
/// The SQL of crews and flights. Crew rows belong to their mission: writing one locks the mission,
/// bumps its version and leaves a mission revision. Ages come from age_on() and crew_launch_at()
/// (see 0006_missions_api.sql), so every reader computes them alike.
/// </summary>
internal static class CrewStore
{
    /// <summary>Crew rows with their person, mission and age; queries add WHERE and ORDER BY.</summary>
    private const string Members = """
        SELECT p.id AS person_id, p.slug AS person_slug, p.name AS person_name,
        m.id AS mission_id, m.slug AS mission_slug, m.name AS mission_name, m.kind AS mission_kind, m.launch_at, m.landing_at,
        c.role, c.launched, c.landed, (a.age).years AS age_years, (a.age).days AS age_days
        FROM crew_members c
        JOIN people p ON p.id = c.person_id
        JOIN missions m ON m.id = c.mission_id
        CROSS JOIN LATERAL (
            SELECT age_on(p.birth_date, (crew_launch_at(c.person_id, c.launched, m) AT TIME ZONE 'UTC')::date) AS age) a
        """;

    /// <summary>The crew in seat order: commander first, then by role and name.</summary>
    public static async Task<List<CrewRow>> ListAsync(IDbConnection connection, long missionId, IDbTransaction transaction, CancellationToken ct) =>
        (await connection.QueryAsync<CrewRow>(new CommandDefinition(
            $"""
            {Members}
            WHERE c.mission_id = @missionId
            ORDER BY crew_role_rank(c.role), p.name, p.id
            """,
            new { missionId },
            transaction,
            cancellationToken: ct))).AsList();

    public static Task<CrewRow?> FindMemberAsync(Write write, long missionId, long personId) =>
        write.Connection.QuerySingleOrDefaultAsync<CrewRow>(write.Command(
            $"{Members} WHERE c.mission_id = @missionId AND c.person_id = @personId",
            new { missionId, personId }));

    /// <summary>
    /// The live missions a person was aboard, in the order they boarded: a vehicle they rode up
    /// counts from its launch, one they only rode down from its landing.
    /// </summary>
    public static async Task<List<CrewRow>> FlightsAsync(IDbConnection connection, long personId, CancellationToken ct) =>
        (await connection.QueryAsync<CrewRow>(new CommandDefinition(
            $"""
            {Members}
            WHERE c.person_id = @personId AND m.deleted_at IS NULL
            ORDER BY CASE WHEN c.launched THEN m.launch_at ELSE m.landing_at END NULLS LAST, m.id
            """,
            new { personId },
            cancellationToken: ct))).AsList();

    /// <summary>A live mission, locked so that crew writes to it happen one at a time.</summary>
    public static Task<CrewMission?> LockMissionAsync(Write write, ResourceRef reference) =>
        write.Connection.QuerySingleOrDefaultAsync<CrewMission>(write.Command(
            $"""
            SELECT m.id, m.slug, m.version, m.launch_at, m.landing_at
            FROM missions m WHERE {reference.Condition("m")} AND m.deleted_at IS NULL
            FOR UPDATE
            """,
            reference.Parameters));

    /// <summary>A live person, share-locked so that a concurrent delete waits and then sees the new crew row.</summary>
    public static Task<CrewCandidate?> LockPersonAsync(Write write, ResourceRef reference) =>
        write.Connection.QuerySingleOrDefaultAsync<CrewCandidate>(write.Command(
            $"""
            SELECT p.id, p.slug, p.birth_date, p.death_date
            FROM people p WHERE {reference.Condition("p")} AND p.deleted_at IS NULL
            FOR SHARE
            """,
            reference.Parameters));

    public static Task<long?> FindPersonIdAsync(IDbConnection connection, ResourceRef reference, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            $"SELECT p.id FROM people p WHERE {reference.Condition("p")} AND p.deleted_at IS NULL",
            reference.Parameters,
            cancellationToken: ct));

    /// <summary>Adds the member, or replaces their role and legs; true when newly added.</summary>
    public static Task<bool> UpsertAsync(Write write, long missionId, long personId, CrewMemberRequest member) =>
        write.Connection.ExecuteScalarAsync<bool>(write.Command(
            """
            INSERT INTO crew_members (mission_id, person_id, role, launched, landed)
            VALUES (@missionId, @personId, @role, @launched, @landed)
            ON CONFLICT (mission_id, person_id) DO UPDATE SET role = excluded.role, launched = excluded.launched, landed = excluded.landed
            RETURNING xmax = 0
            """,
            new
            {
                missionId,
                personId,
                role = (member.Role ?? throw new ArgumentException("The validator requires role.", nameof(member))).WireName(),
                launched = member.Launched ?? false,
                landed = member.Landed ?? false,
            }));

    /// <summary>Removes the member; false when the person was not crew of the mission.</summary>
    public static async Task<bool> RemoveAsync(Write write, long missionId, long personId) =>
        await write.Connection.ExecuteAsync(write.Command(
            "DELETE FROM crew_members WHERE mission_id = @missionId AND person_id = @personId",
            new { missionId, personId })) == 1;

    /// <summary>A crew change is a change of the mission: new version, new updatedAt. Returns the version.</summary>
    public static Task<int> TouchMissionAsync(Write write, long missionId) =>
        write.Connection.ExecuteScalarAsync<int>(write.Command(
            "UPDATE missions SET version = version + 1, updated_at = now() WHERE id = @missionId RETURNING version",
            new { missionId }));
}

/// <summary>The mission a crew write targets, as locked for it.</summary>
internal sealed class CrewMission
{
    public long Id { get; init; }

    public string Slug { get; init; } = "";

    public int Version { get; init; }

    public DateTime? LaunchAt { get; init; }

    public DateTime? LandingAt { get; init; }
}

/// <summary>The person a crew write names, with what tells whether they could have flown it.</summary>
internal sealed class CrewCandidate
{
    public long Id { get; init; }

    public string Slug { get; init; } = "";

    public DateOnly? BirthDate { get; init; }

    public DateOnly? DeathDate { get; init; }
}
