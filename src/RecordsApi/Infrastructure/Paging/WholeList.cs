namespace RecordsApi.Infrastructure.Paging;

/// <summary>
/// A list that always comes whole, in one answer: a mission's crew or a person's flights. It is small
/// and bounded, and belongs to one resource whose ETag covers all of it, so it is never paged: it has no
/// nextCursor, and its endpoints take no limit or cursor.
/// </summary>
public sealed record WholeList<T>(IReadOnlyList<T> Items);
