using System.Text.Json.Serialization;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Leaderboards;
using RecordsApi.Resources;

namespace RecordsApi.Records;

/// <summary>What kind of record it is; age, duration and count records may correspond to a leaderboard.</summary>
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

/// <summary>A record, such as "oldest person to fly in space", with every holding, oldest first.</summary>
public sealed record Record(
    long Id,
    string Slug,
    string Title,
    [property: EnumSchema<RecordCategory>]
    [property: Description("first, age, duration, count or other.")] string Category,
    string? Description,
    [property: EnumSchema<MetricName>]
    [property: Description("The leaderboard the record corresponds to (oldest-at-launch, youngest-at-launch, longest-flight, most-flights or most-time-in-space), or null.")] string? Metric,
    [property: Description("The latest holding (by achievedOn): the current holder. Null until the record has a holding.")] Holding? Current,
    [property: Description("Every holding, oldest first.")] IReadOnlyList<Holding> Progression,
    [property: Description("Only when metric is set: whether the current holding names the computed leader of that leaderboard today (karman boundary): one of its people is the leader and its mission, if any, is the leader's launch or landing vehicle.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? AgreesWithData,
    [property: Description("Only when agreesWithData is false: the leader the data gives.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Standing? ComputedLeader,
    IReadOnlyList<string> Sources,
    int Version,
    DateTime CreatedAt,
    DateTime UpdatedAt) : IResource;

/// <summary>A record as lists show it: without the progression.</summary>
public sealed record RecordSummary(
    long Id,
    string Slug,
    string Title,
    [property: EnumSchema<RecordCategory>] string Category,
    string? Description,
    [property: EnumSchema<MetricName>] string? Metric,
    [property: Description("The latest holding (by achievedOn), or null.")] Holding? Current,
    IReadOnlyList<string> Sources,
    int Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>Who held a record from when: the people, the mission, and the value set.</summary>
public sealed record Holding(
    long Id,
    [property: Description("The day the record was set.")] DateOnly AchievedOn,
    MissionBrief? Mission,
    [property: Description("The holders, in the order given.")] IReadOnlyList<PersonBrief> People,
    [property: Description("The value set, in unit (with unit, or both null). In the leaderboards' units (days, seconds, flights) always a whole number, as on the leaderboards; other units, such as km, may have a fraction.")] decimal? Value,
    string? Unit,
    string? Notes,
    IReadOnlyList<string> Sources,
    DateTime CreatedAt);

/// <summary>
/// What a client sends to create or replace a record (holdings are added one by one); the members only GET
/// answers (id, current, progression, agreesWithData, …) are ignored.
/// </summary>
[RequestBody(typeof(Record))]
public sealed record RecordRequest(
    [property: Description("The record's name, such as Oldest person to fly in space.")] string Title,
    [property: Description("Lower-case kebab id; made from the title when omitted on create, kept when omitted on replace.")] string? Slug,
    [property: EnumSchema<RecordCategory>]
    [property: Description("first (has exactly one holding), age, duration, count or other.")] string Category,
    string? Description,
    [property: EnumSchema<MetricName>]
    [property: Description("The leaderboard the record corresponds to, so its holder can be checked against the data: oldest-at-launch or youngest-at-launch (category age), longest-flight or most-time-in-space (duration), most-flights (count).")] string? Metric,
    [property: Description("Absolute http(s) URLs that support the record.")] IReadOnlyList<string>? Sources) : IResourceRequest
{
    string IResourceRequest.SlugSource => Title;
}

/// <summary>A new holding of a record.</summary>
[RequestBody]
public sealed record HoldingRequest(
    [property: Description("The day the record was set, YYYY-MM-DD.")] DateOnly? AchievedOn,
    [property: Description("The id or slug of the mission it was set on, if any.")] string? Mission,
    [property: Description("The ids or slugs of the holders, in order.")] IReadOnlyList<string>? People,
    [property: Description("The value set, if the record has one; needs unit. A whole number in the leaderboards' units (days, seconds, flights).")] decimal? Value,
    [property: Description("The unit of value, such as days; only with value.")] string? Unit,
    string? Notes,
    [property: Description("Absolute http(s) URLs that support the holding.")] IReadOnlyList<string>? Sources);

/// <summary>Filters of the records list (ordered by title).</summary>
public sealed record RecordsQuery(
    [property: EnumSchema<RecordCategory>]
    [property: Description("first, age, duration, count or other.")] string? Category,
    [property: Description("Fuzzy search in titles and descriptions, accent- and case-insensitive.")] string? Q);

/// <summary>A list row: the record's document without its progression, and its place in the order.</summary>
internal sealed class RecordListRow : Infrastructure.Paging.IKeysetRow
{
    public long Id { get; init; }

    public string SortKey { get; init; } = "";

    public string Document { get; init; } = "";
}

/// <summary>A record locked for a write: what the write must check.</summary>
internal sealed class LockedRecord
{
    public long Id { get; init; }

    public int Version { get; init; }

    public string Category { get; init; } = "";

    public int Holdings { get; init; }
}
