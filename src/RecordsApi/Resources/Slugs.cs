using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FluentValidation;

namespace RecordsApi.Resources;

/// <summary>Slugs: lower-case kebab with at least one letter, made from names in any script.</summary>
public static partial class Slugs
{
    public const int MaxLength = 100;
    public const string Pattern = "^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$";

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= MaxLength } && SlugPattern().IsMatch(slug);

    /// <summary>Stated as a length and a pattern (not a Must) so the OpenAPI schema shows them; one message for both.</summary>
    public static IRuleBuilderOptions<T, string?> Slug<T>(this IRuleBuilder<T, string?> rule)
    {
        var message = $"Must be lower-case kebab case (a-z, 0-9 and single hyphens), contain a letter, and be at most {MaxLength} characters, such as soyuz-ms-18.";
        return rule.MaximumLength(MaxLength).WithMessage(message)
            .Matches(Pattern).WithMessage(message);
    }

    /// <summary>"Yulia Peresild" → yulia-peresild, "Юлия Пересильд" → yuliya-peresild, "Glen de Vries" → glen-de-vries.</summary>
    public static string FromName(string name, string fallback)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            builder.Append(Cyrillic.TryGetValue(lower, out var latin) ? latin : lower.ToString());
        }

        var slug = NotSlugChars().Replace(builder.ToString(), "-").Trim('-');
        if (slug.Length > MaxLength - 4)
        {
            slug = slug[..(MaxLength - 4)].TrimEnd('-');
        }

        return IsValid(slug) ? slug : fallback;
    }

    /// <summary>
    /// SQL for the slug itself if free, else the first free of slug-2, slug-3, … slug-50, else the slug with a random
    /// suffix (slugs of deleted rows stay taken), from the parameters <see cref="AddCandidates"/> adds. A scalar
    /// subquery, so the insert that uses it needs no round trip of its own to choose its slug.
    /// </summary>
    public static string FirstFreeSql(string table) =>
        $"""
        (SELECT c.slug FROM unnest(@slugCandidates::text[]) WITH ORDINALITY AS c(slug, n)
         WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.slug = c.slug)
         ORDER BY c.n LIMIT 1), @slugFallback::text
        """;

    /// <summary>The candidates <see cref="FirstFreeSql"/> chooses from, made from <paramref name="slug"/>; none when a slug was chosen (null).</summary>
    public static void AddCandidates(DynamicParameters parameters, string? slug)
    {
        parameters.Add("slugCandidates", slug is null ? Array.Empty<string>() : Enumerable.Range(1, 50).Select(n => n == 1 ? slug : $"{slug}-{n}").ToArray());
        parameters.Add("slugFallback", slug is null ? null : $"{slug}-{Guid.NewGuid().ToString("N")[..8]}");
    }

    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "yo", ['ж'] = "zh",
        ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts",
        ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu",
        ['я'] = "ya", ['і'] = "i", ['ї'] = "yi", ['є'] = "ye", ['ґ'] = "g", ['ў'] = "u",
    };

    [GeneratedRegex(Pattern)]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlugChars();
}
