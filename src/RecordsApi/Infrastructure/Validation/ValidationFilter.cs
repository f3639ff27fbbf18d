using FluentValidation;

namespace RecordsApi.Infrastructure.Validation;

/// <summary>
/// Runs the FluentValidation validator of every handler argument that has one, before the handler,
/// and answers 400 with the errors keyed by JSON field name. Endpoints without such arguments are
/// left alone; those with them declare the 400 in their OpenAPI description.
/// </summary>
public static class ValidationFilter
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddBadRequestFilter((endpoint, method) =>
        {
            var validated = method.GetParameters()
                .Select((parameter, index) => (index, validatorType: typeof(IValidator<>).MakeGenericType(parameter.ParameterType)))
                .Where(p => endpoint.ApplicationServices.GetService(p.validatorType) is not null)
                .ToArray();
            if (validated.Length == 0)
            {
                return null;
            }

            return (_, next) => async context =>
            {
                var errors = new Dictionary<string, string[]>();
                foreach (var (index, validatorType) in validated)
                {
                    if (context.Arguments[index] is not { } argument)
                    {
                        continue;
                    }

                    var validator = (IValidator)context.HttpContext.RequestServices.GetRequiredService(validatorType);
                    var result = await validator.ValidateAsync(new ValidationContext<object>(argument), context.HttpContext.RequestAborted);
                    foreach (var group in result.Errors.GroupBy(e => e.PropertyName))
                    {
                        errors[group.Key] = [.. group.Select(e => e.ErrorMessage).Distinct()];
                    }
                }

                if (errors.Count > 0)
                {
                    var fields = string.Join(", ", errors.Keys.Order(StringComparer.Ordinal));
                    return TypedResults.ValidationProblem(errors, detail: $"Fix the fields named in errors: {fields}.");
                }

                return await next(context);
            };
        });
}
