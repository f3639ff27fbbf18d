using System.Globalization;

namespace RecordsApi.Resources;

/// <summary>
/// A {ref} path segment: an integer id or a slug. Slugs always contain a letter, so a ref made of
/// digits only is an id.
/// </summary>
public sealed record ResourceRef(long? Id, string? Slug)
{
    public static ResourceRef Parse(string reference) =>
        reference.Length is > 0 and <= 19 && reference.All(char.IsAsciiDigit)
            && long.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new ResourceRef(id, null)
            : new ResourceRef(null, reference);

    /// <summary>
    /// The SQL condition on a table alias that finds this reference, binding @refId or @refSlug from
    /// <see cref="Parameters"/>: by id or by slug, never both. A statement is prepared once per text, and a
    /// generic plan of "id = @refId OR slug = @refSlug" probes both indexes and the heap through a bitmap
    /// for every lookup; one condition is one index scan (docs/performance.md, change 16).
    /// </summary>
    public string Condition(string alias) => Id is null ? $"{alias}.slug = @refSlug" : $"{alias}.id = @refId";

    public object Parameters => new { refId = Id, refSlug = Slug };
}
