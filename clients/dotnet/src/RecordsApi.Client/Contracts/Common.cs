using System.Text.Json;

namespace RecordsApi.Client;

/// <summary>A resource that has an id, a slug and a version (people, missions, records).</summary>
public interface IResource
{
    long Id { get; }

    string Slug { get; }

    int Version { get; }
}

/// <summary>One page of a list, and the cursor of the next (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A person as a leaderboard, a crew or a holding names them.</summary>
public sealed record PersonBrief(long Id, string Slug, string Name);

/// <summary>A mission as a leaderboard or a holding names it.</summary>
public sealed record MissionBrief(long Id, string Slug, string Name);

/// <summary>An age exact to the day: whole years completed and days since the last birthday.</summary>
public sealed record AgeAtLaunch(int Years, int Days);

/// <summary>A flight's length: whole days, then hours, minutes and seconds.</summary>
public sealed record FlightDuration(int Days, int Hours, int Minutes, int Seconds)
{
    public TimeSpan ToTimeSpan() => new(Days, Hours, Minutes, Seconds);
}

/// <summary>One revision of a resource: the version it produced, what happened, who did it, and the document after it.</summary>
public sealed record Revision(long Sequence, int Version, string Operation, DateTimeOffset ChangedAt, string ChangedBy, JsonElement Data);
