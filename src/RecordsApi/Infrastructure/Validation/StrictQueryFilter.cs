using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace RecordsApi.Infrastructure.Validation;

/// <summary>
/// A query parameter the endpoint does not know is a 400, not silently ignored: a typo such as
/// ?nationalty=RU would otherwise return everything and look like an answer. The accepted names are
/// read from the handler's own parameters less those the route binds, so they can never drift from what
/// the endpoint binds.
/// Every endpoint it guards declares the 400 in its OpenAPI description.
/// </summary>
public static class StrictQueryFilter
{
    public static TBuilder WithStrictQuery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddBadRequestFilter((endpoint, method) =>
        {
            var accepted = new HashSet<string>(method.GetParameters().SelectMany(QueryNames), StringComparer.OrdinalIgnoreCase);
            // A parameter the route binds ({ref}, {metric}) is not a query parameter, whatever its type.
            if (endpoint is RouteEndpointBuilder { RoutePattern: var pattern })
            {
                accepted.ExceptWith(pattern.Parameters.Select(parameter => parameter.Name));
            }

            return (_, next) => context =>
            {
                var unknown = context.HttpContext.Request.Query.Keys.Where(key => !accepted.Contains(key)).ToArray();
                if (unknown.Length == 0)
                {
                    return next(context);
                }

                var allowed = accepted.Count == 0 ? "none" : string.Join(", ", accepted.Order(StringComparer.Ordinal));
                var errors = unknown.ToDictionary(key => key, key => new[] { $"Unknown query parameter. Accepted: {allowed}." });
                return ValueTask.FromResult<object?>(TypedResults.ValidationProblem(
                    errors, detail: $"Unknown query parameter(s): {string.Join(", ", unknown)}. This endpoint accepts: {allowed}."));
            };
        });

    private static IEnumerable<string> QueryNames(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
        {
            // [AsParameters] binds a record's constructor parameters, or else its settable properties.
            var constructor = parameter.ParameterType.GetConstructors().MaxBy(c => c.GetParameters().Length);
            return constructor is { } c && c.GetParameters().Length > 0
                ? c.GetParameters().SelectMany(QueryNames)
                : parameter.ParameterType.GetProperties().Where(p => p.CanWrite)
                    .Select(p => QueryName(p.GetCustomAttribute<FromQueryAttribute>(), p.Name, p.PropertyType)).OfType<string>();
        }

        return QueryName(parameter.GetCustomAttribute<FromQueryAttribute>(), parameter.Name, parameter.ParameterType) is { } name ? [name] : [];
    }

    private static string? QueryName(FromQueryAttribute? fromQuery, string? name, Type type)
    {
        if (fromQuery?.Name is { } explicitName)
        {
            return explicitName;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var bindable = fromQuery is not null || underlying.IsPrimitive || underlying.IsEnum
            || underlying == typeof(string) || underlying == typeof(DateOnly) || underlying == typeof(DateTimeOffset)
            || underlying == typeof(decimal) || underlying == typeof(string[]);
        return bindable && name is not null ? JsonNamingPolicy.CamelCase.ConvertName(name) : null;
    }
}
