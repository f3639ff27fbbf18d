using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>What the document says of one parameter of an endpoint, where its text is made when the route is mapped.</summary>
public sealed record ParameterDescription(string Name, string Description);

public static class ParameterDescriptions
{
    /// <summary>
    /// Describes a parameter whose text is not fixed in the code, such as the <c>ref</c> of a route shared
    /// by several resources ("The person's id or slug."). A <c>[Description]</c> on the parameter is the way
    /// for a text that is fixed.
    /// </summary>
    public static RouteHandlerBuilder DescribeParameter(this RouteHandlerBuilder endpoint, string name, string description) =>
        endpoint.WithMetadata(new ParameterDescription(name, description));
}

/// <summary>Applies each <see cref="ParameterDescription"/> an endpoint carries to its parameter of that name.</summary>
internal sealed class ParameterDescriptionsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var described in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ParameterDescription>())
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == described.Name) is OpenApiParameter parameter)
            {
                parameter.Description = described.Description;
                if (parameter.Schema is OpenApiSchema schema)
                {
                    // Where the text comes from [Description], the schema carries it too.
                    schema.Description = described.Description;
                }
            }
        }
    }
}
