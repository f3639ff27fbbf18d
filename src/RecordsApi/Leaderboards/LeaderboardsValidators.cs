using FluentValidation;
using RecordsApi.Infrastructure.Validation;

namespace RecordsApi.Leaderboards;

internal sealed class LeaderboardQueryValidator : AbstractValidator<LeaderboardQuery>
{
    public LeaderboardQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, LeaderboardQuery.MaxLimit)
            .WithMessage($"Must be between 1 and {LeaderboardQuery.MaxLimit}.");
        RuleFor(q => q.AsOf).Date("Must be a date in the form YYYY-MM-DD (a real calendar date), such as 2021-10-01.");
        RuleFor(q => q.Boundary).MustBeBoundary();
    }
}

internal sealed class ProgressionQueryValidator : AbstractValidator<ProgressionQuery>
{
    public ProgressionQueryValidator()
    {
        RuleFor(q => q.AsOf).Date("Must be a date in the form YYYY-MM-DD (a real calendar date), such as 2021-10-01.");
        RuleFor(q => q.Boundary).MustBeBoundary();
    }
}

internal static class LeaderboardDates
{
    /// <summary>The standings default to today's, in UTC like every date the service computes.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public static IRuleBuilderOptions<T, string?> MustBeBoundary<T>(this IRuleBuilder<T, string?> rule) =>
        rule.OneOf(Boundaries.All)
            .WithMessage($"Must be one of: {string.Join(", ", Boundaries.All)}.");
}
