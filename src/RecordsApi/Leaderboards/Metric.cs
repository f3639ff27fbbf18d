using System.Text.Json.Serialization;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Missions;

namespace RecordsApi.Leaderboards;

/// <summary>The name of a leaderboard, in URLs and in records: the names of <see cref="Metric.All"/>, in the same order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricName>))]
public enum MetricName
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

/// <summary>Which flights count as spaceflight: orbital ones always, suborbital ones by the apogee they reached.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Boundary>))]
public enum Boundary
{
    /// <summary>The Kármán line, 100 km: the default.</summary>
    [JsonStringEnumMemberName(Boundaries.Karman)]
    Karman,

    /// <summary>80 km (50 miles), the line US agencies award astronaut wings by.</summary>
    [JsonStringEnumMemberName(Boundaries.EightyKm)]
    EightyKm,
}

/// <summary>A leaderboard the service computes: its name in URLs and records, its unit, and how its values read.</summary>
public sealed record Metric(string Name, string Title, string Unit, string Description)
{
    public static readonly Metric OldestAtLaunch = new(
        "oldest-at-launch", "Oldest at launch", "days",
        "People by their age on the (UTC) date of their latest launch, oldest first. People without a known birth date are left out.");

    public static readonly Metric YoungestAtLaunch = new(
        "youngest-at-launch", "Youngest at launch", "days",
        "People by their age on the (UTC) date of their first launch, youngest first. People without a known birth date are left out.");

    public static readonly Metric LongestFlight = new(
        "longest-flight", "Longest single flight", "seconds",
        "People by their longest flight, from the launch of the vehicle they went up on to the landing of the vehicle they came down on. A flight counts once it has landed.");

    public static readonly Metric MostFlights = new(
        "most-flights", "Most flights", "flights",
        "People by the number of flights they have launched on, most first; ties are listed by who reached the number first.");

    public static readonly Metric MostTimeInSpace = new(
        "most-time-in-space", "Most time in space", "seconds",
        "People by their total time in space over all their flights, each from the launch of the vehicle they went up on to the landing of the vehicle they came down on. A flight counts once it has landed.");

    public static readonly IReadOnlyList<Metric> All = [OldestAtLaunch, YoungestAtLaunch, LongestFlight, MostFlights, MostTimeInSpace];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.Name)];

    /// <summary>The boards' units (days, seconds, flights): counted, so a value in one is a whole number wherever it appears, holdings included.</summary>
    public static IReadOnlySet<string> WholeUnits { get; } = All.Select(m => m.Unit).ToHashSet(StringComparer.Ordinal);

    public static Metric? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    public bool IsAge => this == OldestAtLaunch || this == YoungestAtLaunch;

    /// <summary>On age boards, the age on the day the standing was set.</summary>
    public AgeAtLaunch? AgeOf(DateOnly? birthDate, DateOnly on) =>
        IsAge && birthDate is { } birth ? Age(birth, on) : null;

    /// <summary>Boards whose standings are set by a landing, not a launch.</summary>
    public bool IsDuration => this == LongestFlight || this == MostTimeInSpace;

    /// <summary>On the duration boards, the value (seconds) as days, hours, minutes and seconds.</summary>
    public FlightDuration? DurationOf(long seconds)
    {
        if (!IsDuration)
        {
            return null;
        }

        var span = TimeSpan.FromSeconds(seconds);
        return new FlightDuration((int)span.TotalDays, span.Hours, span.Minutes, span.Seconds);
    }

    public LeaderboardMetric ToContract() => new(Name, Title, Unit, Description);

    /// <summary>
    /// Whole years, then the days since the last birthday, by the same rule as the crew's ages
    /// (SQL age_on, 0006): a 29 February birthday falls on 1 March in common years.
    /// </summary>
    public static AgeAtLaunch Age(DateOnly birth, DateOnly on)
    {
        var years = on.Year - birth.Year;
        if (Birthday(birth, birth.Year + years) > on)
        {
            years--;
        }

        return new AgeAtLaunch(years, on.DayNumber - Birthday(birth, birth.Year + years).DayNumber);
    }

    private static DateOnly Birthday(DateOnly birth, int year) =>
        birth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new DateOnly(year, 3, 1) : new DateOnly(year, birth.Month, birth.Day);
}

/// <summary>Which flights count as spaceflight: orbital ones always, suborbital ones by the apogee they reached.</summary>
public static class Boundaries
{
    /// <summary>The Kármán line, 100 km: the default.</summary>
    public const string Karman = "karman";

    /// <summary>80 km (50 miles), the line US agencies award astronaut wings by.</summary>
    public const string EightyKm = "80km";

    public static IReadOnlyList<string> All { get; } = EnumNames.All<Boundary>();
}
