using System.Reflection;

namespace RecordsApi.Infrastructure.Validation;

/// <summary>The part the validation and strict-query filters share: a filter made from the handler's parameters that can answer 400.</summary>
internal static class BadRequestFilters
{
    /// <summary>
    /// For each endpoint with a handler method, asks <paramref name="filterFor"/> for a filter; where it
    /// gives one, declares the 400 (HttpValidationProblemDetails) in the OpenAPI description and adds the filter.
    /// </summary>
    public static TBuilder AddBadRequestFilter<TBuilder>(
        this TBuilder builder, Func<EndpointBuilder, MethodInfo, Func<EndpointFilterFactoryContext, EndpointFilterDelegate, EndpointFilterDelegate>?> filterFor)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is not { } method || filterFor(endpoint, method) is not { } filter)
            {
                return;
            }

            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
            endpoint.FilterFactories.Add(filter);
        });
        return builder;
    }
}
