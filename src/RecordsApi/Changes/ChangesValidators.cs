using FluentValidation;

namespace RecordsApi.Changes;

internal sealed class ChangesQueryValidator : AbstractValidator<ChangesQuery>
{
    public ChangesQueryValidator()
    {
        RuleFor(q => q.Since).InclusiveBetween(0, long.MaxValue).WithMessage("Must be 0 or the nextSince of a previous page.");
        RuleFor(q => q.Limit).InclusiveBetween(1, ChangesQuery.MaxLimit).WithMessage($"Must be between 1 and {ChangesQuery.MaxLimit}.");
    }
}
