using System.Globalization;
using FluentValidation;

namespace RecordsApi.Leaderboards;

internal sealed class LeaderboardQueryValidator : AbstractValidator<LeaderboardQuery>
{
    public LeaderboardQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, LeaderboardQuery.MaxLimit)
            .WithMessage($"Must be between 1 and {LeaderboardQuery.MaxLimit}.");
        RuleFor(q => q.AsOf).Must(text => text is null || LeaderboardDates.TryParse(text, out _))
            .WithMessage("Must be a date in the form YYYY-MM-DD (a real calendar date), such as 2021-10-01.");
        RuleFor(q => q.Boundary).MustBeBoundary();
    }
}

internal sealed class ProgressionQueryValidator : AbstractValidator<ProgressionQuery>
{
    public ProgressionQueryValidator()
    {
        RuleFor(q => q.Boundary).MustBeBoundary();
    }
}

internal static class LeaderboardDates
{
    /// <summary>Strictly YYYY-MM-DD: no other order or separator is guessed at.</summary>
    public static bool TryParse(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The standings default to today's, in UTC like every date the service computes.</summary>
    public static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);

    public static IRuleBuilderOptions<T, string?> MustBeBoundary<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(boundary => boundary is null || Boundaries.All.Contains(boundary))
            .WithMessage($"Must be one of: {string.Join(", ", Boundaries.All)}.");
}
