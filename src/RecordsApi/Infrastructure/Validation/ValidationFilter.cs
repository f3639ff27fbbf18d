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
                .Select((parameter, index) => (index, type: parameter.ParameterType))
                .Where(p => endpoint.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(p.type)) is not null)
                .ToArray();
            if (validated.Length == 0)
            {
                return null;
            }

            return (_, next) => async context =>
            {
                var errors = new Dictionary<string, string[]>();
                foreach (var (index, type) in validated)
                {
                    if (context.Arguments[index] is { } argument)
                    {
                        foreach (var (field, messages) in await RequestValidation.ValidateAsync(
                            argument, type, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
                        {
                            errors[field] = messages;
                        }
                    }
                }

                return errors.Count > 0 ? (object?)RequestValidation.Problem(errors) : await next(context);
            };
        });
}
