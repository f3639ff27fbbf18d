using RecordsApi.Infrastructure.Paging;

namespace RecordsApi.Changes;

/// <summary>One revision of any resource, as the changes feed lists it.</summary>
public sealed record Change(
    [property: Description("Position in the feed: gap-free and strictly increasing; a change committed before another began has the lower number.")] long Sequence,
    [property: Description("The kind of resource: people, missions or records.")] string Resource,
    [property: Description("The id of the resource that changed.")] long Id,
    [property: Description("The version of the resource this change produced.")] int Version,
    [property: Description("create, update or delete.")] string Operation,
    DateTime ChangedAt,
    string ChangedBy,
    [property: Description("The resource as stored after the change (for a delete: as it was when deleted).")] JsonElement Data);

/// <summary>A page of the changes feed.</summary>
public sealed record ChangesPage(
    IReadOnlyList<Change> Items,
    [property: Description("Pass as since to get the changes after this page. Equal to since when there are none yet.")] long NextSince,
    [property: Description("True when more changes are already waiting after this page; false means caught up for now.")] bool HasMore) : ILinkedPage;

/// <summary>Where to read the feed from, and how much.</summary>
public sealed record ChangesQuery(
    [property: Description("Return changes with a sequence greater than this (default 0: from the beginning).")] long? Since,
    [property: Description("Changes per page, 1 to 1000 (default 100).")] int? Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public long After => Since ?? 0;

    public int Size => Limit ?? DefaultLimit;
}
