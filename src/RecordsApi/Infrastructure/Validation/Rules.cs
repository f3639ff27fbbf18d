using System.Globalization;
using FluentValidation;
using FluentValidation.Validators;

namespace RecordsApi.Infrastructure.Validation;

/// <summary>Rules every resource states the same way.</summary>
public static class Rules
{
    public const int MaxSources = 20;
    public const int MaxUrlLength = 2000;
    public const string DatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    /// <summary>Text a person would type: bounded, no control characters (PostgreSQL cannot even store NUL).</summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength)
            .Must(text => text is null || !text.Any(char.IsControl))
            .WithMessage("Must not contain control characters.");

    /// <summary>At most <paramref name="max"/> items; null passes. Readable by the OpenAPI schema filter as maxItems.</summary>
    public static IRuleBuilderOptions<T, TCollection> MaxItems<T, TCollection>(this IRuleBuilder<T, TCollection> rule, int max)
        where TCollection : System.Collections.IEnumerable? =>
        rule.SetValidator(new MaxItemsValidator<T, TCollection>(max));

    /// <summary>One of a fixed set of words (ordinal); null passes. Readable by the OpenAPI schema filter as an enum.</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IEnumerable<string> values) =>
        rule.SetValidator(new OneOfValidator<T>(values));

    /// <summary>The length is stated apart from the Must so the OpenAPI schema shows it; one message for both.</summary>
    public static IRuleBuilderOptions<TItem, string> SourceUrl<TItem>(this IRuleBuilder<TItem, string> rule)
    {
        var message = $"Must be an absolute http or https URL of at most {MaxUrlLength} characters.";
        return rule.MaximumLength(MaxUrlLength).WithMessage(message).Must(IsHttpUrl).WithMessage(message);
    }

    /// <summary>
    /// An assigned ISO 3166-1 alpha-2 code, or a former country's (SU, CS, DD), in either case; null passes.
    /// The length shows in the OpenAPI schema.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> CountryCode<T>(this IRuleBuilder<T, string?> rule)
    {
        const string message = "Must be an ISO 3166-1 alpha-2 country code, such as RU or US, or a former country's: SU, CS or DD.";
        return rule.Length(2).WithMessage(message)
            .Must(code => code is null || CountryCodes.IsAccepted(code.ToUpperInvariant())).WithMessage(message);
    }

    /// <summary>
    /// A calendar date written YYYY-MM-DD (as in a query string); null passes. The length and the pattern
    /// show in the OpenAPI schema; the Must also refuses days that do not exist. One message for all three.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Date<T>(this IRuleBuilder<T, string?> rule, string message) =>
        rule.MaximumLength(10).WithMessage(message)
            .Matches(DatePattern).WithMessage(message)
            .Must(text => text is null || TryParseDate(text, out _)).WithMessage(message);

    /// <summary>Strictly YYYY-MM-DD: 10/05/2021 means different days to different people, so no other form is guessed at.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static IRuleBuilderOptions<T, IEnumerable<string>> Sources<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.MaxItems(MaxSources).WithMessage($"At most {MaxSources} sources.")
            .ForEach(url => url.SourceUrl());

    public static IRuleBuilderOptions<T, string?> Wikidata<T>(this IRuleBuilder<T, string?> rule)
    {
        const string message = "Must be a Wikidata item id such as Q7327.";
        return rule.MaximumLength(13).WithMessage(message).Matches("^Q[1-9][0-9]{0,11}$").WithMessage(message);
    }

    private static bool IsHttpUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host)
        && !url.Any(char.IsControl);
}

/// <summary>A collection's count rule whose limit the OpenAPI schema filter can read.</summary>
public interface IMaxItemsValidator : IPropertyValidator
{
    int Max { get; }
}

/// <summary>A closed set of words whose members the OpenAPI schema filter can read.</summary>
public interface IOneOfValidator : IPropertyValidator
{
    IReadOnlyList<string> Values { get; }
}

internal sealed class MaxItemsValidator<T, TCollection>(int max) : PropertyValidator<T, TCollection>, IMaxItemsValidator
    where TCollection : System.Collections.IEnumerable?
{
    public int Max { get; } = max;

    public override string Name => "MaxItemsValidator";

    public override bool IsValid(ValidationContext<T> context, TCollection value) =>
        value is null || value.Cast<object?>().Take(Max + 1).Count() <= Max;

    protected override string GetDefaultMessageTemplate(string errorCode) => $"At most {Max} items.";
}

internal sealed class OneOfValidator<T>(IEnumerable<string> values) : PropertyValidator<T, string?>, IOneOfValidator
{
    public IReadOnlyList<string> Values { get; } = [.. values];

    public override string Name => "OneOfValidator";

    public override bool IsValid(ValidationContext<T> context, string? value) => value is null || Values.Contains(value, StringComparer.Ordinal);

    protected override string GetDefaultMessageTemplate(string errorCode) => $"Must be one of: {string.Join(", ", Values)}.";
}
