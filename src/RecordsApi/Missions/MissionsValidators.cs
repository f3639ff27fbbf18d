using FluentValidation;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Validation;
using RecordsApi.Resources;

namespace RecordsApi.Missions;

internal sealed class MissionRequestValidator : AbstractValidator<MissionRequest>
{
    public const double MaxApogeeKm = 500_000;
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public MissionRequestValidator()
    {
        RuleFor(m => m.Name).NotEmpty().WithMessage("Is required.").PlainText(200)
            .Must(name => name is null || name.Length == name.Trim().Length).WithMessage("Must not start or end with spaces.");
        RuleFor(m => m.Slug).Slug();
        RuleFor(m => m.Operator).PlainText(200);
        RuleFor(m => m.Vehicle).PlainText(200);
        RuleFor(m => m.Kind).NotNull().WithMessage($"Is required: one of {string.Join(", ", EnumNames.All<MissionKind>())}.");
        RuleFor(m => m.ApogeeKm).InclusiveBetween(0, MaxApogeeKm).WithMessage($"Must be between 0 and {MaxApogeeKm:0} km.");
        RuleFor(m => m.LaunchAt).Must(at => at is null || at >= Earliest).WithMessage("Must be in 1900 or later.");
        RuleFor(m => m.LaunchSite).PlainText(200);
        RuleFor(m => m.LandingAt)
            .Must(at => at is null || at >= Earliest).WithMessage("Must be in 1900 or later.")
            .Must((mission, landing) => landing is null || mission.LaunchAt is null || landing >= mission.LaunchAt)
            .WithMessage("Must not be before launchAt.");
        RuleFor(m => m.LandingSite).PlainText(200);
        RuleFor(m => m.Destination).PlainText(200);
        RuleFor(m => m.Summary).PlainText(2000);
        RuleFor(m => m.ExternalIds).SetValidator(new MissionExternalIdsValidator()!);
        RuleFor(m => m.Sources).Sources();
    }
}

internal sealed class MissionExternalIdsValidator : AbstractValidator<MissionExternalIds>
{
    public const string CosparPattern = "^[0-9]{4}-[0-9]{3}[A-Z]{1,3}$";

    public MissionExternalIdsValidator()
    {
        const string cospar = "Must be a COSPAR international designator: launch year, launch number and piece, such as 2021-089A.";
        RuleFor(ids => ids.Wikidata).Wikidata();
        RuleFor(ids => ids.Cospar).MaximumLength(11).WithMessage(cospar).Matches(CosparPattern).WithMessage(cospar);
    }
}

internal sealed class MissionsQueryValidator : AbstractValidator<MissionsQuery>
{
    public MissionsQueryValidator()
    {
        RuleFor(q => q.Q).Must(q => q is null || q.Trim().Length > 0).WithMessage("Must not be empty.").PlainText(100);
        RuleFor(q => q.Operator).Must(o => o is null || o.Trim().Length > 0).WithMessage("Must not be empty.").PlainText(200);
        RuleFor(q => q.Kind).OneOf(EnumNames.All<MissionKind>())
            .WithMessage($"Must be one of: {string.Join(", ", EnumNames.All<MissionKind>())}.");
        RuleFor(q => q.LaunchedFrom).Date(DateMessage);
        RuleFor(q => q.LaunchedTo).Date(DateMessage)
            .Must((q, to) => !(Rules.TryParseDate(q.LaunchedFrom, out var from) && Rules.TryParseDate(to, out var until)) || until >= from)
            .WithMessage("Must not be before launchedFrom.");
        RuleFor(q => q.Sort).OneOf(MissionsStore.Orders.Keys)
            .WithMessage($"Must be one of: {string.Join(", ", MissionsStore.Orders.Keys)}.");
    }

    private const string DateMessage = "Must be a date in the form YYYY-MM-DD, such as 2021-10-05.";
}

internal sealed class CrewMemberRequestValidator : AbstractValidator<CrewMemberRequest>
{
    private const string OneLeg = "At least one of launched and landed must be true: a crew member rides the vehicle up, down, or both.";

    public CrewMemberRequestValidator()
    {
        RuleFor(c => c.Role).NotNull().WithMessage($"Is required: one of {string.Join(", ", EnumNames.All<CrewRole>())}.");
        RuleFor(c => c.Launched).NotNull().WithMessage("Is required: true if the person rode this vehicle up.")
            .Must((c, launched) => launched != false || c.Landed != false).WithMessage(OneLeg);
        RuleFor(c => c.Landed).NotNull().WithMessage("Is required: true if the person rode this vehicle down.")
            .Must((c, landed) => landed != false || c.Launched != false).WithMessage(OneLeg);
    }
}
