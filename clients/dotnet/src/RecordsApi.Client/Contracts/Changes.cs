using System.Text.Json;

namespace RecordsApi.Client;

/// <summary>One revision of any resource, as the changes feed lists it.</summary>
/// <param name="Sequence">Position in the feed: gap-free and strictly increasing.</param>
/// <param name="Resource">people, missions or records.</param>
/// <param name="Id">The id of the resource that changed.</param>
/// <param name="Version">The version of the resource this change produced.</param>
/// <param name="Operation">create, update or delete.</param>
/// <param name="ChangedAt">When the change was made.</param>
/// <param name="ChangedBy">The name of the key that made it.</param>
/// <param name="Data">The resource as stored after the change (for a delete: as it was).</param>
public sealed record Change(
    long Sequence, string Resource, long Id, int Version, string Operation, DateTimeOffset ChangedAt, string ChangedBy, JsonElement Data);

/// <summary>A page of the changes feed.</summary>
/// <param name="Items">The changes, oldest first.</param>
/// <param name="NextSince">Pass as since to get the changes after this page.</param>
/// <param name="HasMore">True when more changes are already waiting after this page.</param>
public sealed record ChangesPage(IReadOnlyList<Change> Items, long NextSince, bool HasMore);

/// <summary>
/// One line of the catalogue export: its <see cref="Type"/> (catalogue, person, mission or record) and
/// the whole object. A person, mission or record line holds what PUT takes for it, plus a mission's
/// crew or a record's holdings; read it with <see cref="Read{T}"/>.
/// </summary>
public sealed record CatalogueLine(string Type, JsonElement Json)
{
    /// <summary>The slug of a person, mission or record line.</summary>
    public string? Slug => Json.TryGetProperty("slug", out var slug) ? slug.GetString() : null;

    /// <summary>This line as <typeparamref name="T"/>, such as <see cref="PersonRequest"/> for a person line.</summary>
    public T Read<T>() => Json.Deserialize<T>(ApiJson.Options)
        ?? throw new JsonException($"The {Type} line is null.");
}

/// <summary>The first line of an export: what the data is complete to and where it stands in the changes feed.</summary>
/// <param name="CompleteTo">Every crewed flight that reached 100 km and launched by this day is in the catalogue.</param>
/// <param name="ChangesSequence">Every change up to this sequence is in the export: follow the feed with since=this.</param>
/// <param name="ExportedAt">When the snapshot was taken.</param>
public sealed record CatalogueHeader(DateOnly? CompleteTo, long? ChangesSequence, DateTimeOffset? ExportedAt);
