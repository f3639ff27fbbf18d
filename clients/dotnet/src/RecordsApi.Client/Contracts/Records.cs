namespace RecordsApi.Client;

/// <summary>A record, such as "oldest person to fly in space", with every holding, oldest first.</summary>
public sealed record Record : IResource
{
    public long Id { get; init; }

    public string Slug { get; init; } = "";

    public string Title { get; init; } = "";

    public RecordCategory Category { get; init; }

    public string? Description { get; init; }

    /// <summary>The leaderboard the record corresponds to, if any.</summary>
    public Metric? Metric { get; init; }

    /// <summary>The latest holding: the current holder; null until the record has one.</summary>
    public Holding? Current { get; init; }

    /// <summary>Every holding, oldest first.</summary>
    public IReadOnlyList<Holding> Progression { get; init; } = [];

    /// <summary>Only with a metric: whether the current holding names the leader the data gives today.</summary>
    public bool? AgreesWithData { get; init; }

    /// <summary>Only when <see cref="AgreesWithData"/> is false: the leader the data gives.</summary>
    public Standing? ComputedLeader { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The writable members, as PUT takes them (holdings are added one by one).</summary>
    public RecordRequest ToRequest() => new()
    {
        Title = Title,
        Slug = Slug,
        Category = Category,
        Description = Description,
        Metric = Metric,
        Sources = Sources,
    };
}

/// <summary>A record as lists show it: without the progression.</summary>
public sealed record RecordSummary : IResource
{
    public long Id { get; init; }

    public string Slug { get; init; } = "";

    public string Title { get; init; } = "";

    public RecordCategory Category { get; init; }

    public string? Description { get; init; }

    public Metric? Metric { get; init; }

    public Holding? Current { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Who held a record from when: the people, the mission, and the value set.</summary>
public sealed record Holding
{
    public long Id { get; init; }

    public DateOnly AchievedOn { get; init; }

    public MissionBrief? Mission { get; init; }

    public IReadOnlyList<PersonBrief> People { get; init; } = [];

    /// <summary>The value set, in <see cref="Unit"/> (both or neither).</summary>
    public decimal? Value { get; init; }

    public string? Unit { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What POST creates and PUT replaces a record with.</summary>
public sealed record RecordRequest
{
    public required string Title { get; init; }

    public string? Slug { get; init; }

    public required RecordCategory Category { get; init; }

    public string? Description { get; init; }

    /// <summary>The leaderboard the record corresponds to, so its holder can be checked against the data.</summary>
    public Metric? Metric { get; init; }

    public IReadOnlyList<string>? Sources { get; init; }
}

/// <summary>A new holding of a record.</summary>
public sealed record HoldingRequest
{
    public required DateOnly AchievedOn { get; init; }

    /// <summary>The id or slug of the mission it was set on, if any.</summary>
    public string? Mission { get; init; }

    /// <summary>The ids or slugs of the holders, in order.</summary>
    public required IReadOnlyList<string> People { get; init; }

    /// <summary>The value set, if the record has one; needs <see cref="Unit"/>.</summary>
    public decimal? Value { get; init; }

    public string? Unit { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<string>? Sources { get; init; }
}

/// <summary>Filters of the records list (ordered by title).</summary>
public sealed record RecordsQuery
{
    public RecordCategory? Category { get; init; }

    /// <summary>Fuzzy search in titles and descriptions.</summary>
    public string? Q { get; init; }

    /// <summary>Items per page, 1 to 200 (the service's default is 50).</summary>
    public int? PageSize { get; init; }
}
