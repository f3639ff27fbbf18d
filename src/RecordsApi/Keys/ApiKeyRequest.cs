using FluentValidation;
using RecordsApi.Infrastructure.Auth;
using RecordsApi.Infrastructure.Json;

namespace RecordsApi.Keys;

/// <summary>What an admin sends to make a key.</summary>
[RequestBody]
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
        // The length and pattern show in the OpenAPI schema; the Must adds what no pattern says (not 'anonymous').
        RuleFor(k => k.Name).NotEmpty().WithMessage("Is required.")
            .MaximumLength(KeysStore.MaxNameLength).WithMessage(KeysStore.NameRule)
            .Matches(KeysStore.NamePattern).WithMessage(KeysStore.NameRule)
            .Must(KeysStore.IsValidName).WithMessage(KeysStore.NameRule);
    }
}
