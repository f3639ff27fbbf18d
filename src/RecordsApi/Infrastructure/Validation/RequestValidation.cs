using FluentValidation;

namespace RecordsApi.Infrastructure.Validation;

/// <summary>Runs the validator registered for a value and words its errors, for the filter and for handlers that build a request themselves.</summary>
public static class RequestValidation
{
    /// <summary>The errors of <paramref name="value"/> keyed by JSON member name; none when it is valid or has no validator.</summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(
        object value, Type type, IServiceProvider services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (services.GetService(typeof(IValidator<>).MakeGenericType(type)) is not IValidator validator)
        {
            return errors;
        }

        var result = await validator.ValidateAsync(new ValidationContext<object>(value), cancellationToken);
        foreach (var group in result.Errors.GroupBy(e => e.PropertyName))
        {
            errors[group.Key] = [.. group.Select(e => e.ErrorMessage).Distinct()];
        }

        return errors;
    }

    /// <summary>The 400 listing every member to fix.</summary>
    public static ValidationProblem Problem(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: $"Fix the fields named in errors: {string.Join(", ", errors.Keys.Order(StringComparer.Ordinal))}.");
}
