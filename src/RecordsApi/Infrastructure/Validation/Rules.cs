using FluentValidation;

namespace RecordsApi.Infrastructure.Validation;

/// <summary>Rules every resource states the same way.</summary>
public static class Rules
{
    public const int MaxSources = 20;
    public const int MaxUrlLength = 2000;

    /// <summary>Text a person would type: bounded, no control characters (PostgreSQL cannot even store NUL).</summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength)
            .Must(text => text is null || !text.Any(char.IsControl))
            .WithMessage("Must not contain control characters.");

    public static IRuleBuilderOptions<T, string?> Slug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(slug => slug is null || Slugs.IsValid(slug))
            .WithMessage($"Must be lower-case kebab case (a-z, 0-9 and single hyphens), contain a letter, and be at most {Slugs.MaxLength} characters, such as soyuz-ms-18.");

    public static IRuleBuilderOptions<TItem, string> SourceUrl<TItem>(this IRuleBuilder<TItem, string> rule) =>
        rule.Must(IsHttpUrl).WithMessage($"Must be an absolute http or https URL of at most {MaxUrlLength} characters.");

    public static IRuleBuilderOptions<T, IEnumerable<string>> Sources<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(list => list is null || list.Count <= MaxSources).WithMessage($"At most {MaxSources} sources.")
            .ForEach(url => url.SourceUrl());

    public static IRuleBuilderOptions<T, string?> Wikidata<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches("^Q[1-9][0-9]{0,11}$").WithMessage("Must be a Wikidata item id such as Q7327.");

    private static bool IsHttpUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host)
        && !url.Any(char.IsControl);
}
