using System.ComponentModel;
using FluentValidation;
using RecordsApi.Infrastructure.Auth;

namespace RecordsApi.Keys;

/// <summary>What an admin sends to make a key.</summary>
public sealed record ApiKeyRequest(
    [property: Description("Who or what holds the key, such as ci-bot or alice@example.org. Public: history shows it as changedBy.")] string Name,
    [property: Description("write (the default) changes data; admin also manages keys.")] ApiKeyScope? Scope);

/// <summary>Filters of the key list.</summary>
public sealed record ApiKeyQuery(
    [property: Description("Also list revoked keys (default false).")] bool? IncludeRevoked);

internal sealed class ApiKeyRequestValidator : AbstractValidator<ApiKeyRequest>
{
    public ApiKeyRequestValidator()
    {
        RuleFor(k => k.Name).NotEmpty().WithMessage("Is required.")
            .Must(ApiKeyStore.IsValidName).WithMessage(ApiKeyStore.NameRule);
    }
}
