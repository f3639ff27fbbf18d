using System.Text.Json.Serialization;

namespace RecordsApi.Client;

/// <summary>Whether the vehicle went into orbit or flew a suborbital arc.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MissionKind>))]
public enum MissionKind
{
    [JsonStringEnumMemberName("orbital")]
    Orbital,

    [JsonStringEnumMemberName("suborbital")]
    Suborbital,
}

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

/// <summary>The kind of a record.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecordCategory>))]
public enum RecordCategory
{
    [JsonStringEnumMemberName("first")]
    First,

    [JsonStringEnumMemberName("age")]
    Age,

    [JsonStringEnumMemberName("duration")]
    Duration,

    [JsonStringEnumMemberName("count")]
    Count,

    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>A leaderboard the service computes, as named in its URL and in a record's metric.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Metric>))]
public enum Metric
{
    [JsonStringEnumMemberName("oldest-at-launch")]
    OldestAtLaunch,

    [JsonStringEnumMemberName("youngest-at-launch")]
    YoungestAtLaunch,

    [JsonStringEnumMemberName("longest-flight")]
    LongestFlight,

    [JsonStringEnumMemberName("most-flights")]
    MostFlights,

    [JsonStringEnumMemberName("most-time-in-space")]
    MostTimeInSpace,
}

/// <summary>Which suborbital flights count as spaceflight on a leaderboard.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Boundary>))]
public enum Boundary
{
    /// <summary>The Kármán line: orbital flights, and suborbital ones whose apogee reached 100 km (the default).</summary>
    [JsonStringEnumMemberName("karman")]
    Karman,

    /// <summary>Suborbital flights reaching 80 km count too.</summary>
    [JsonStringEnumMemberName("80km")]
    EightyKm,
}

/// <summary>The orders of the people list.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PeopleSort>))]
public enum PeopleSort
{
    [JsonStringEnumMemberName("name")]
    Name,

    [JsonStringEnumMemberName("-name")]
    NameDescending,

    /// <summary>Oldest first; people without a birth date come last.</summary>
    [JsonStringEnumMemberName("birthDate")]
    BirthDate,

    /// <summary>Youngest first; people without a birth date come last.</summary>
    [JsonStringEnumMemberName("-birthDate")]
    BirthDateDescending,
}

/// <summary>The orders of the missions list.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MissionsSort>))]
public enum MissionsSort
{
    [JsonStringEnumMemberName("launchAt")]
    LaunchAt,

    [JsonStringEnumMemberName("-launchAt")]
    LaunchAtDescending,

    [JsonStringEnumMemberName("name")]
    Name,
}
