using FluentValidation;
using RecordsApi.Infrastructure.Validation;
using RecordsApi.Resources;

namespace RecordsApi.People;

internal sealed class PersonRequestValidator : AbstractValidator<PersonRequest>
{
    public const int MaxOccupations = 20;

    public PersonRequestValidator(TimeProvider time)
    {
        DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        RuleFor(p => p.Name).NotEmpty().WithMessage("Is required.").PlainText(200)
            .Must(name => name is null || name.Length == name.Trim().Length).WithMessage("Must not start or end with spaces.");
        RuleFor(p => p.Slug).Slug();
        RuleFor(p => p.NativeName).PlainText(200);
        RuleFor(p => p.BirthDate)
            .Must(date => date is null || date <= Today()).WithMessage("Must not be in the future.")
            .Must(date => date is null || date.Value.Year >= 1800).WithMessage("Must be after 1800.");
        RuleFor(p => p.DeathDate)
            .Must(date => date is null || date <= Today()).WithMessage("Must not be in the future.")
            .Must((person, death) => death is null || person.BirthDate is null || death >= person.BirthDate)
            .WithMessage("Must not be before birthDate.");
        RuleFor(p => p.Nationality).CountryCode();
        RuleFor(p => p.Occupations).MaxItems(MaxOccupations)
            .WithMessage($"At most {MaxOccupations} occupations.");
        RuleForEach(p => p.Occupations).NotEmpty().WithMessage("Must not be empty.").PlainText(60);
        RuleFor(p => p.ExternalIds).SetValidator(new PersonExternalIdsValidator()!);
        RuleFor(p => p.Sources).Sources();
    }
}

internal sealed class PersonExternalIdsValidator : AbstractValidator<PersonExternalIds>
{
    public PersonExternalIdsValidator()
    {
        RuleFor(ids => ids.Wikidata).Wikidata();
    }
}

internal sealed class PeopleQueryValidator : AbstractValidator<PeopleQuery>
{
    public PeopleQueryValidator()
    {
        RuleFor(q => q.Q).Must(q => q is null || q.Trim().Length > 0).WithMessage("Must not be empty.").PlainText(100);
        RuleFor(q => q.Nationality).CountryCode();
        RuleFor(q => q.Occupation).PlainText(60);
        RuleFor(q => q.Sort).OneOf(PeopleStore.Orders.Keys)
            .WithMessage($"Must be one of: {string.Join(", ", PeopleStore.Orders.Keys)}.");
    }
}
