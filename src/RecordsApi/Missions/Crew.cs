using System.Text.Json.Serialization;
using RecordsApi.Infrastructure.Json;

namespace RecordsApi.Missions;

/// <summary>The seat a person held on a flight.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CrewRole>))]
public enum CrewRole
{
    [JsonStringEnumMemberName("commander")]
    Commander,

    [JsonStringEnumMemberName("pilot")]
    Pilot,

    [JsonStringEnumMemberName("flight-engineer")]
    FlightEngineer,

    [JsonStringEnumMemberName("mission-specialist")]
    MissionSpecialist,

    [JsonStringEnumMemberName("payload-specialist")]
    PayloadSpecialist,

    [JsonStringEnumMemberName("spaceflight-participant")]
    SpaceflightParticipant,

    [JsonStringEnumMemberName("passenger")]
    Passenger,
}

/// <summary>
/// An age exact to the day: whole years completed and days since the last birthday. Someone born on
/// 29 February has their birthday on 1 March in common years.
/// </summary>
public sealed record AgeAtLaunch(int Years, int Days);

/// <summary>Who a crew member is, enough to link to them.</summary>
public sealed record CrewPerson(long Id, string Slug, string Name);

/// <summary>One person aboard a mission's vehicle: up (launched), down (landed), or both.</summary>
public sealed record CrewMember(
    CrewPerson Person,
    CrewRole Role,
    [property: Description("Rode this vehicle up.")] bool Launched,
    [property: Description("Rode this vehicle down.")] bool Landed,
    [property: Description("Age on the UTC date of the launch of the vehicle the person went up on; null when the birth date (or that launch) is unknown.")]
    AgeAtLaunch? AgeAtLaunch);

/// <summary>What a client sends to put a person on a mission's crew (or change their seat or legs).</summary>
[RequestBody]
public sealed record CrewMemberRequest(
    [property: Description("commander, pilot, flight-engineer, mission-specialist, payload-specialist, spaceflight-participant or passenger.")] CrewRole? Role,
    [property: Description("Rode this vehicle up.")] bool? Launched,
    [property: Description("Rode this vehicle down. At least one of launched and landed is true.")] bool? Landed);

/// <summary>The mission of a flight, enough to link to it and place it in time.</summary>
public sealed record FlightMission(long Id, string Slug, string Name, MissionKind Kind, DateTime? LaunchAt, DateTime? LandingAt);

/// <summary>One mission a person was aboard, with their seat, legs and age.</summary>
public sealed record Flight(
    FlightMission Mission,
    CrewRole Role,
    [property: Description("Rode this mission's vehicle up.")] bool Launched,
    [property: Description("Rode this mission's vehicle down.")] bool Landed,
    [property: Description("Age on the UTC date of the launch of the vehicle the person went up on; null when the birth date (or that launch) is unknown.")]
    AgeAtLaunch? AgeAtLaunch);

/// <summary>A crew row joined to its person, mission and computed age.</summary>
internal sealed class CrewRow
{
    public long PersonId { get; init; }

    public string PersonSlug { get; init; } = "";

    public string PersonName { get; init; } = "";

    public long MissionId { get; init; }

    public string MissionSlug { get; init; } = "";

    public string MissionName { get; init; } = "";

    public string MissionKind { get; init; } = "";

    public DateTime? LaunchAt { get; init; }

    public DateTime? LandingAt { get; init; }

    public string Role { get; init; } = "";

    public bool Launched { get; init; }

    public bool Landed { get; init; }

    public int? AgeYears { get; init; }

    public int? AgeDays { get; init; }

    public CrewMember ToCrewMember() =>
        new(new CrewPerson(PersonId, PersonSlug, PersonName), EnumNames.Parse<CrewRole>(Role), Launched, Landed, Age());

    public Flight ToFlight() =>
        new(new FlightMission(MissionId, MissionSlug, MissionName, EnumNames.Parse<MissionKind>(MissionKind), LaunchAt, LandingAt),
            EnumNames.Parse<CrewRole>(Role), Launched, Landed, Age());

    private AgeAtLaunch? Age() => AgeYears is { } years && AgeDays is { } days ? new AgeAtLaunch(years, days) : null;
}
