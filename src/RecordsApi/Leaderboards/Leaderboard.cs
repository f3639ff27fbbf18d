using System.Text.Json.Serialization;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Missions;

namespace RecordsApi.Leaderboards;

/// <summary>A person as a leaderboard or a holding names them.</summary>
public sealed record PersonBrief(long Id, string Slug, string Name);

/// <summary>A mission as a leaderboard or a holding names it.</summary>
public sealed record MissionBrief(long Id, string Slug, string Name);


/// <summary>A flight's length: whole days, then hours, minutes and seconds.</summary>
public sealed record FlightDuration(int Days, int Hours, int Minutes, int Seconds);

/// <summary>One leaderboard: what it ranks and in which unit.</summary>
public sealed record LeaderboardMetric(
    [property: EnumSchema<MetricName>]
    [property: Description("The metric, as used in /v1/leaderboards/{metric} and in a record's metric.")] string Metric,
    string Title,
    [property: Description("The unit of each standing's value: days (age on the launch date), seconds (flight duration, or total time in space) or flights.")] string Unit,
    string Description);

/// <summary>The list of leaderboards.</summary>
public sealed record LeaderboardIndex(IReadOnlyList<LeaderboardMetric> Items);

/// <summary>A person's place on a leaderboard.</summary>
public sealed record Standing(
    [property: Description("1 for the leader. Equal values share a rank and the next rank skips (1, 1, 3); tied standings are listed by the date they were set, then by person id.")] int Rank,
    PersonBrief Person,
    [property: Description("The vehicle the person went up on for the flight that set this standing.")] MissionBrief Mission,
    [property: Description("longest-flight and most-time-in-space only: the vehicle the person came down on (for most-time-in-space, on the flight that set the total).")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MissionBrief? LandingMission,
    [property: Description("The day the standing was set: the (UTC) launch date, or the landing date for longest-flight and most-time-in-space.")] DateOnly Date,
    [property: Description("The sortable value, in the leaderboard's unit: age in days on the launch date, flight duration or total time in space in seconds, or number of flights.")] long Value,
    [property: Description("Age boards only: the value as years and days.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AgeAtLaunch? Age,
    [property: Description("longest-flight and most-time-in-space only: the value as days, hours, minutes and seconds.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FlightDuration? Duration);

/// <summary>The standings of one leaderboard on one day.</summary>
public sealed record Leaderboard(
    [property: EnumSchema<MetricName>] string Metric,
    [property: EnumSchema<Boundary>]
    [property: Description("karman (orbital flights and suborbital ones reaching 100 km) or 80km (suborbital ones reaching 80 km count too).")] string Boundary,
    [property: Description("The day the standings are for: flights launched on or before it count (for longest-flight and most-time-in-space, flights landed by then).")] DateOnly AsOf,
    [property: Description("The unit of each standing's value.")] string Unit,
    IReadOnlyList<Standing> Standings,
    [property: Description("What the standings were computed from, as of the same day and boundary.")] Coverage Coverage);

/// <summary>One holder in the succession of leaders of a leaderboard.</summary>
public sealed record ProgressionStep(
    PersonBrief Person,
    [property: Description("The vehicle the person went up on.")] MissionBrief Mission,
    [property: Description("longest-flight and most-time-in-space only: the vehicle the person came down on (for most-time-in-space, on the flight that set the total).")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MissionBrief? LandingMission,
    [property: Description("The day the person took the lead: the (UTC) launch date, or the landing date for longest-flight and most-time-in-space. Co-holders of a tie share it.")] DateOnly Date,
    [property: Description("The day the next holder took the lead; null for the current holder.")] DateOnly? HeldUntil,
    [property: Description("The sortable value, in the leaderboard's unit.")] long Value,
    [property: Description("Age boards only: the value as years and days.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AgeAtLaunch? Age,
    [property: Description("longest-flight and most-time-in-space only: the value as days, hours, minutes and seconds.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FlightDuration? Duration);

/// <summary>The succession of leaders of one leaderboard, oldest first.</summary>
public sealed record LeaderboardProgression(
    [property: EnumSchema<MetricName>] string Metric,
    [property: EnumSchema<Boundary>] string Boundary,
    [property: Description("The day the succession is told up to: leads taken on or before it count, and the holder on that day has heldUntil null.")] DateOnly AsOf,
    string Unit,
    IReadOnlyList<ProgressionStep> Progression,
    [property: Description("What the progression was computed from: every flight counted under the boundary up to asOf.")] Coverage Coverage);

/// <summary>Which standings: how many, on which day, and which flights count as spaceflight.</summary>
public sealed record LeaderboardQuery(
    [property: Description("How many standings, 1 to 200 (default 10).")] int? Limit,
    [property: Description("A date, YYYY-MM-DD: the standings as they stood at the end of that day (UTC). Default: today. Only flights launched on or before it count; for longest-flight and most-time-in-space, only flights that had landed by then.")] string? AsOf,
    [property: EnumSchema<Boundary>]
    [property: Description("karman (default): orbital flights, and suborbital ones whose apogee reached 100 km; 80km: suborbital ones reaching 80 km count too.")] string? Boundary)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 200;
}

/// <summary>Up to which day, and which flights count as spaceflight, for a progression.</summary>
public sealed record ProgressionQuery(
    [property: Description("A date, YYYY-MM-DD: the succession as it stood at the end of that day (UTC), as for the leaderboard. Default: today. The last holder then has heldUntil null.")] string? AsOf,
    [property: EnumSchema<Boundary>]
    [property: Description("karman (default) or 80km, as for the leaderboard.")] string? Boundary);

/// <summary>A standing as PostgreSQL returns it, with the names it needs.</summary>
internal sealed class StandingRow
{
    public long Rank { get; init; }

    public long PersonId { get; init; }

    public string PersonSlug { get; init; } = "";

    public string PersonName { get; init; } = "";

    public DateOnly? BirthDate { get; init; }

    public long MissionId { get; init; }

    public string MissionSlug { get; init; } = "";

    public string MissionName { get; init; } = "";

    public long? LandingMissionId { get; init; }

    public string? LandingMissionSlug { get; init; }

    public string? LandingMissionName { get; init; }

    public DateOnly Date { get; init; }

    public DateOnly? HeldUntil { get; init; }

    public long Value { get; init; }

    public Standing ToStanding(Metric metric) => new(
        (int)Rank, Person, Mission, LandingMission, Date, Value, metric.AgeOf(BirthDate, Date), metric.DurationOf(Value));

    public ProgressionStep ToStep(Metric metric) => new(
        Person, Mission, LandingMission, Date, HeldUntil, Value, metric.AgeOf(BirthDate, Date), metric.DurationOf(Value));

    private PersonBrief Person => new(PersonId, PersonSlug, PersonName);

    private MissionBrief Mission => new(MissionId, MissionSlug, MissionName);

    private MissionBrief? LandingMission =>
        LandingMissionId is { } id ? new MissionBrief(id, LandingMissionSlug!, LandingMissionName!) : null;
}

/// <summary>What a leaderboard was computed from.</summary>
public sealed record Coverage(
    [property: Description("Crewed missions that count as spaceflight under the boundary and launched by asOf.")] int Missions,
    [property: Description("Flights counted: one per person per trip from launch to landing.")] int Flights,
    [property: Description("People with at least one counted flight.")] int People,
    [property: Description("The day the catalogue is complete to: every crewed flight that reached 100 km and launched by then is in it (docs/catalogue.md says what is missing after it). Null when no catalogue was imported.")] DateOnly? CompleteTo);
