using System.Globalization;
using FluentValidation;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Validation;
using RecordsApi.Leaderboards;
using RecordsApi.Resources;

namespace RecordsApi.Records;

/// <summary>The categories a record can have, and the leaderboard metrics each may correspond to.</summary>
internal static class Categories
{
    public const string First = "first";

    /// <summary>Keyed by every <see cref="RecordCategory"/>, in its order (the document checks that the validators agree).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> MetricsOf = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [First] = [],
        [RecordCategory.Age.WireName()] = [Metric.OldestAtLaunch.Name, Metric.YoungestAtLaunch.Name],
        [RecordCategory.Duration.WireName()] = [Metric.LongestFlight.Name, Metric.MostTimeInSpace.Name],
        [RecordCategory.Count.WireName()] = [Metric.MostFlights.Name],
        [RecordCategory.Other.WireName()] = [],
    };

    public static string Listed => string.Join(", ", MetricsOf.Keys);
}

internal sealed class RecordRequestValidator : AbstractValidator<RecordRequest>
{
    public RecordRequestValidator()
    {
        RuleFor(r => r.Title).NotEmpty().WithMessage("Is required.").PlainText(200)
            .Must(title => title is null || title.Length == title.Trim().Length).WithMessage("Must not start or end with spaces.");
        RuleFor(r => r.Slug).Slug();
        RuleFor(r => r.Category).NotEmpty().WithMessage("Is required.")
            .OneOf(Categories.MetricsOf.Keys).WithMessage($"Must be one of: {Categories.Listed}.");
        RuleFor(r => r.Description).PlainText(2000);
        RuleFor(r => r.Metric)
            .OneOf(Metric.Names).WithMessage($"Must be one of: {string.Join(", ", Metric.Names)}; or null.")
            .Must((record, metric) => metric is null || Metric.Find(metric) is null
                || record.Category is null || !Categories.MetricsOf.TryGetValue(record.Category, out var metrics) || metrics.Contains(metric))
            .WithMessage(record => $"Does not fit category '{record.Category}': "
                + string.Join("; ", Categories.MetricsOf.Where(c => c.Value.Length > 0).Select(c => $"{string.Join(" and ", c.Value)} need {c.Key}")) + ".");
        RuleFor(r => r.Sources).Sources();
    }
}

internal sealed class HoldingRequestValidator : AbstractValidator<HoldingRequest>
{
    public const int MaxPeople = 20;

    public HoldingRequestValidator(TimeProvider time)
    {
        RuleFor(h => h.AchievedOn).NotNull().WithMessage("Is required.")
            .Must(date => date is null || date <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).WithMessage("Must not be in the future.")
            .Must(date => date is null || date.Value.Year >= 1800).WithMessage("Must be after 1800.");
        RuleFor(h => h.Mission).Reference("mission");
        RuleFor(h => h.People)
            .Must((holding, people) => people is { Count: > 0 } || holding.Mission is not null)
            .WithMessage("Name at least one person, or a mission.")
            .MaxItems(MaxPeople).WithMessage($"At most {MaxPeople} people.")
            .Must(people => people is null || people.Distinct(StringComparer.Ordinal).Count() == people.Count)
            .WithMessage("Names the same person twice.");
        RuleForEach(h => h.People).NotNull().WithMessage(References.Message("person")).Reference("person");
        RuleFor(h => h.Unit).NotEmpty().WithMessage("Is required with value.").When(h => h.Value is not null);
        RuleFor(h => h.Unit).Null().WithMessage("Only with value.").When(h => h.Value is null);
        RuleFor(h => h.Unit).PlainText(40);
        RuleFor(h => h.Value)
            .Must((holding, value) => value is null || holding.Unit is null || !Metric.WholeUnits.Contains(holding.Unit) || value == decimal.Truncate(value.Value))
            .WithMessage(holding => $"Must be a whole number in {holding.Unit}, as on the leaderboards.");
        RuleFor(h => h.Notes).PlainText(2000);
        RuleFor(h => h.Sources).Sources();
    }
}

internal sealed class RecordsQueryValidator : AbstractValidator<RecordsQuery>
{
    public RecordsQueryValidator()
    {
        RuleFor(q => q.Category).OneOf(Categories.MetricsOf.Keys).WithMessage($"Must be one of: {Categories.Listed}.");
        RuleFor(q => q.Q).Must(q => q is null || q.Trim().Length > 0).WithMessage("Must not be empty.").PlainText(100);
    }
}

/// <summary>A reference to another resource in a request body: its id or its slug.</summary>
internal static class References
{
    /// <summary>A slug is the longest reference (an id has at most 18 digits).</summary>
    public const int MaxLength = Slugs.MaxLength;

    public static bool IsValid(string? reference) =>
        reference is not null
        && (Slugs.IsValid(reference)
            || (reference.Length is > 0 and <= 18 && reference.All(char.IsAsciiDigit)
                && long.Parse(reference, CultureInfo.InvariantCulture) > 0));

    public static string Message(string resource) => $"Must be the id or slug of a {resource}, such as 42 or soyuz-ms-19.";

    /// <summary>The id or slug of a <paramref name="resource"/>; null passes. The length shows in the OpenAPI schema.</summary>
    public static IRuleBuilderOptions<T, string?> Reference<T>(this IRuleBuilder<T, string?> rule, string resource) =>
        rule.MaximumLength(MaxLength).WithMessage(Message(resource))
            .Must(reference => reference is null || IsValid(reference)).WithMessage(Message(resource));
}
