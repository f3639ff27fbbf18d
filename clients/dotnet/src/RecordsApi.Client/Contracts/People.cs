namespace RecordsApi.Client;

/// <summary>A person who flew (or is on record) in spaceflight.</summary>
public sealed record Person : IResource
{
    public long Id { get; init; }

    public string Slug { get; init; } = "";

    public string Name { get; init; } = "";

    public string? NativeName { get; init; }

    public DateOnly? BirthDate { get; init; }

    public DateOnly? DeathDate { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code of the citizenship at the first flight (SU, CS and DD for former countries).</summary>
    public string? Nationality { get; init; }

    public IReadOnlyList<string> Occupations { get; init; } = [];

    public PersonExternalIds ExternalIds { get; init; } = new();

    public IReadOnlyList<string> Sources { get; init; } = [];

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The writable members, as PUT takes them.</summary>
    public PersonRequest ToRequest() => new()
    {
        Name = Name,
        Slug = Slug,
        NativeName = NativeName,
        BirthDate = BirthDate,
        DeathDate = DeathDate,
        Nationality = Nationality,
        Occupations = Occupations,
        ExternalIds = ExternalIds,
        Sources = Sources,
    };
}

/// <summary>Identifiers of the person in other catalogues.</summary>
public sealed record PersonExternalIds
{
    /// <summary>Wikidata item id, such as Q7327.</summary>
    public string? Wikidata { get; init; }
}

/// <summary>What POST creates and PUT replaces a person with. On PUT an omitted (null) member becomes null, except the slug, which is kept.</summary>
public sealed record PersonRequest
{
    public required string Name { get; init; }

    /// <summary>Lower-case kebab id; made from the name when omitted on create.</summary>
    public string? Slug { get; init; }

    public string? NativeName { get; init; }

    public DateOnly? BirthDate { get; init; }

    public DateOnly? DeathDate { get; init; }

    public string? Nationality { get; init; }

    public IReadOnlyList<string>? Occupations { get; init; }

    public PersonExternalIds? ExternalIds { get; init; }

    /// <summary>Absolute http(s) URLs that support the data.</summary>
    public IReadOnlyList<string>? Sources { get; init; }
}

/// <summary>Filters and order of the people list.</summary>
public sealed record PeopleQuery
{
    /// <summary>Fuzzy name search, accent- and case-insensitive, in Latin or Cyrillic.</summary>
    public string? Q { get; init; }

    public string? Nationality { get; init; }

    public string? Occupation { get; init; }

    public PeopleSort? Sort { get; init; }

    /// <summary>Items per page, 1 to 200 (the service's default is 50).</summary>
    public int? PageSize { get; init; }
}

/// <summary>One mission a person was aboard, with their seat, legs and age.</summary>
public sealed record Flight(FlightMission Mission, CrewRole Role, bool Launched, bool Landed, AgeAtLaunch? AgeAtLaunch);

/// <summary>The mission of a flight, enough to link to it and place it in time.</summary>
public sealed record FlightMission(long Id, string Slug, string Name, MissionKind Kind, DateTimeOffset? LaunchAt, DateTimeOffset? LandingAt);
