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

    /// <summary>The SQL condition on a table alias; binds @refId and @refSlug from <see cref="Parameters"/>.</summary>
    public static string Condition(string alias) => $"({alias}.id = @refId OR {alias}.slug = @refSlug)";

    public object Parameters => new { refId = Id, refSlug = Slug };
}
