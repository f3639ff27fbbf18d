using System.Text.Json.Serialization;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Resources;

namespace RecordsApi.Missions;

/// <summary>Whether the vehicle went into orbit or flew a suborbital arc.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MissionKind>))]
public enum MissionKind
{
    [JsonStringEnumMemberName("orbital")]
    Orbital,

    [JsonStringEnumMemberName("suborbital")]
    Suborbital,
}

/// <summary>The orders of the missions list: the keys of MissionsStore.Orders, in the same order.</summary>
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

/// <summary>A spaceflight: one vehicle's flight, from launch to landing.</summary>
public sealed record Mission(
    long Id,
    string Slug,
    string Name,
    string? Operator,
    string? Vehicle,
    MissionKind Kind,
    [property: Description("Highest altitude reached, in km.")] double? ApogeeKm,
    DateTime? LaunchAt,
    string? LaunchSite,
    DateTime? LandingAt,
    string? LandingSite,
    string? Destination,
    string? Summary,
    MissionExternalIds ExternalIds,
    IReadOnlyList<string> Sources,
    int Version,
    DateTime CreatedAt,
    DateTime UpdatedAt) : IResource;

/// <summary>Identifiers of the mission in other catalogues.</summary>
public sealed record MissionExternalIds(
    [property: Description("Wikidata item id, such as Q7327.")] string? Wikidata,
    [property: Description("COSPAR international designator of the spacecraft, such as 2021-089A.")] string? Cospar);

/// <summary>What a client sends to create or replace a mission; the members only GET answers (id, version, …) are ignored.</summary>
[RequestBody(typeof(Mission))]
public sealed record MissionRequest(
    [property: Description("The mission's name, such as Soyuz MS-18.")] string Name,
    [property: Description("Lower-case kebab id; made from the name when omitted on create, kept when omitted on replace.")] string? Slug,
    [property: Description("Who flew it, such as Roscosmos or Blue Origin.")] string? Operator,
    [property: Description("The spacecraft (and rocket), such as Soyuz MS (Soyuz-2.1a rocket).")] string? Vehicle,
    [property: Description("orbital or suborbital.")] MissionKind? Kind,
    [property: Description("Highest altitude reached, in km (0 to 500000).")] double? ApogeeKm,
    [property: Description("Launch instant, RFC 3339 with an offset, such as 2021-10-05T08:55:00Z.")] DateTimeOffset? LaunchAt,
    string? LaunchSite,
    [property: Description("Landing instant, RFC 3339 with an offset; not before launchAt.")] DateTimeOffset? LandingAt,
    string? LandingSite,
    [property: Description("Where the vehicle went, such as International Space Station.")] string? Destination,
    string? Summary,
    MissionExternalIds? ExternalIds,
    [property: Description("Absolute http(s) URLs that support the data.")] IReadOnlyList<string>? Sources) : IResourceRequest
{
    string IResourceRequest.SlugSource => Name;
}

/// <summary>Filters and order of the missions list.</summary>
public sealed record MissionsQuery(
    [property: Description("Fuzzy search of name, vehicle and operator, accent- and case-insensitive.")] string? Q,
    [property: Description("The operator, in any case, such as roscosmos.")] string? Operator,
    [property: EnumSchema<MissionKind>]
    [property: Description("orbital or suborbital.")] string? Kind,
    [property: Description("Launched on or after this UTC date, YYYY-MM-DD.")] string? LaunchedFrom,
    [property: Description("Launched on or before this UTC date, YYYY-MM-DD.")] string? LaunchedTo,
    [property: EnumSchema<MissionsSort>]
    [property: Description("launchAt (default), -launchAt or name; missions without a launch time come last.")] string? Sort);

/// <summary>A mission row as PostgreSQL returns it.</summary>
internal sealed class MissionRow : IKeysetRow
{
    public long Id { get; init; }

    public string Slug { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Operator { get; init; }

    public string? Vehicle { get; init; }

    public string Kind { get; init; } = "";

    public double? ApogeeKm { get; init; }

    public DateTime? LaunchAt { get; init; }

    public string? LaunchSite { get; init; }

    public DateTime? LandingAt { get; init; }

    public string? LandingSite { get; init; }

    public string? Destination { get; init; }

    public string? Summary { get; init; }

    public string? Wikidata { get; init; }

    public string? Cospar { get; init; }

    public string[] Sources { get; init; } = [];

    public int Version { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public string SortKey { get; init; } = "";

    public Mission ToMission() => new(
        Id, Slug, Name, Operator, Vehicle, EnumNames.Parse<MissionKind>(Kind), ApogeeKm, LaunchAt, LaunchSite,
        LandingAt, LandingSite, Destination, Summary, new MissionExternalIds(Wikidata, Cospar), Sources, Version, CreatedAt, UpdatedAt);
}
