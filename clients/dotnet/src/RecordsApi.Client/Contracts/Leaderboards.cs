namespace RecordsApi.Client;

/// <summary>One leaderboard the service computes: what it ranks and in which unit.</summary>
public sealed record LeaderboardInfo(Metric Metric, string Title, string Unit, string Description);

/// <summary>A person's place on a leaderboard.</summary>
public sealed record Standing
{
    /// <summary>1 for the leader; equal values share a rank and the next rank skips (1, 1, 3).</summary>
    public int Rank { get; init; }

    public PersonBrief Person { get; init; } = new(0, "", "");

    /// <summary>The vehicle the person went up on.</summary>
    public MissionBrief Mission { get; init; } = new(0, "", "");

    /// <summary>Duration boards only: the vehicle the person came down on.</summary>
    public MissionBrief? LandingMission { get; init; }

    /// <summary>The day the standing was set.</summary>
    public DateOnly Date { get; init; }

    /// <summary>The sortable value in the board's unit: days of age, seconds, or flights.</summary>
    public long Value { get; init; }

    public AgeAtLaunch? Age { get; init; }

    public FlightDuration? Duration { get; init; }
}

/// <summary>The standings of one leaderboard on one day.</summary>
public sealed record Leaderboard(
    Metric Metric, Boundary Boundary, DateOnly AsOf, string Unit, IReadOnlyList<Standing> Standings, Coverage Coverage);

/// <summary>One holder in the succession of leaders of a leaderboard.</summary>
public sealed record ProgressionStep
{
    public PersonBrief Person { get; init; } = new(0, "", "");

    public MissionBrief Mission { get; init; } = new(0, "", "");

    public MissionBrief? LandingMission { get; init; }

    /// <summary>The day the person took the lead.</summary>
    public DateOnly Date { get; init; }

    /// <summary>The day the next holder took the lead; null for the current holder.</summary>
    public DateOnly? HeldUntil { get; init; }

    public long Value { get; init; }

    public AgeAtLaunch? Age { get; init; }

    public FlightDuration? Duration { get; init; }
}

/// <summary>The succession of leaders of one leaderboard, oldest first.</summary>
public sealed record LeaderboardProgression(
    Metric Metric, Boundary Boundary, string Unit, IReadOnlyList<ProgressionStep> Progression, Coverage Coverage);

/// <summary>What a leaderboard was computed from.</summary>
public sealed record Coverage(int Missions, int Flights, int People, DateOnly? CompleteTo);
