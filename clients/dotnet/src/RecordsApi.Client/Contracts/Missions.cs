namespace RecordsApi.Client;

/// <summary>A spaceflight: one vehicle's flight, from launch to landing.</summary>
public sealed record Mission : IResource
{
    public long Id { get; init; }

    public string Slug { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Operator { get; init; }

    public string? Vehicle { get; init; }

    public MissionKind Kind { get; init; }

    /// <summary>Highest altitude reached, in km.</summary>
    public double? ApogeeKm { get; init; }

    public DateTimeOffset? LaunchAt { get; init; }

    public string? LaunchSite { get; init; }

    public DateTimeOffset? LandingAt { get; init; }

    public string? LandingSite { get; init; }

    public string? Destination { get; init; }

    public string? Summary { get; init; }

    public MissionExternalIds ExternalIds { get; init; } = new();

    public IReadOnlyList<string> Sources { get; init; } = [];

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The writable members, as PUT takes them.</summary>
    public MissionRequest ToRequest() => new()
    {
        Name = Name,
        Slug = Slug,
        Operator = Operator,
        Vehicle = Vehicle,
        Kind = Kind,
        ApogeeKm = ApogeeKm,
        LaunchAt = LaunchAt,
        LaunchSite = LaunchSite,
        LandingAt = LandingAt,
        LandingSite = LandingSite,
        Destination = Destination,
        Summary = Summary,
        ExternalIds = ExternalIds,
        Sources = Sources,
    };
}

/// <summary>Identifiers of the mission in other catalogues.</summary>
public sealed record MissionExternalIds
{
    public string? Wikidata { get; init; }

    /// <summary>COSPAR international designator of the spacecraft, such as 2021-089A.</summary>
    public string? Cospar { get; init; }
}

/// <summary>What POST creates and PUT replaces a mission with. On PUT an omitted (null) member becomes null, except the slug, which is kept.</summary>
public sealed record MissionRequest
{
    public required string Name { get; init; }

    public string? Slug { get; init; }

    public string? Operator { get; init; }

    public string? Vehicle { get; init; }

    public required MissionKind Kind { get; init; }

    public double? ApogeeKm { get; init; }

    public DateTimeOffset? LaunchAt { get; init; }

    public string? LaunchSite { get; init; }

    /// <summary>Not before <see cref="LaunchAt"/>.</summary>
    public DateTimeOffset? LandingAt { get; init; }

    public string? LandingSite { get; init; }

    public string? Destination { get; init; }

    public string? Summary { get; init; }

    public MissionExternalIds? ExternalIds { get; init; }

    public IReadOnlyList<string>? Sources { get; init; }
}

/// <summary>Filters and order of the missions list.</summary>
public sealed record MissionsQuery
{
    /// <summary>Fuzzy search of name, vehicle and operator.</summary>
    public string? Q { get; init; }

    public string? Operator { get; init; }

    public MissionKind? Kind { get; init; }

    /// <summary>Launched on or after this UTC date.</summary>
    public DateOnly? LaunchedFrom { get; init; }

    /// <summary>Launched on or before this UTC date.</summary>
    public DateOnly? LaunchedTo { get; init; }

    public MissionsSort? Sort { get; init; }

    /// <summary>Items per page, 1 to 200 (the service's default is 50).</summary>
    public int? PageSize { get; init; }
}

/// <summary>One person aboard a mission's vehicle: up (launched), down (landed), or both.</summary>
public sealed record CrewMember(PersonBrief Person, CrewRole Role, bool Launched, bool Landed, AgeAtLaunch? AgeAtLaunch);

/// <summary>A person's seat and legs on a mission. At least one of launched and landed is true.</summary>
public sealed record CrewMemberRequest
{
    public required CrewRole Role { get; init; }

    /// <summary>Rode this vehicle up.</summary>
    public bool Launched { get; init; } = true;

    /// <summary>Rode this vehicle down.</summary>
    public bool Landed { get; init; } = true;
}
