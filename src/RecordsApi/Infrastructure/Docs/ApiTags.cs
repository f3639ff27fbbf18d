using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>A resource's tag and what it is about, shown as a section heading in Swagger UI.</summary>
public sealed record TagDescription(string Name, string Description);

public static class ApiTags
{
    /// <summary>Tags the group's endpoints and describes the tag: <c>MapGroup("/people").WithTag("People", "...")</c>.</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new TagDescription(name, description));

    /// <summary>
    /// What the document says of an endpoint, in one call: its name (the operationId clients generate
    /// methods from), a summary and a description.
    /// </summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, string name, string summary, string description) =>
        endpoint.WithName(name).WithSummary(summary).WithDescription(description);
}

/// <summary>
/// Lists every tag an operation uses, with the description its group gave: the data first, in the order a
/// newcomer meets it (<see cref="First"/>), then the rest in name order. Swagger UI shows its sections in this order.
/// </summary>
internal sealed class TagsDocumentFilter : IDocumentFilter
{
    private static readonly string[] First = ["People", "Missions", "Records", "Leaderboards"];

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var described = context.ApiDescriptions
            .SelectMany(api => api.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .GroupBy(tag => tag.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Description, StringComparer.Ordinal);
        var used = swaggerDoc.Paths.Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => Array.IndexOf(First, name) is var rank and >= 0 ? rank : First.Length)
            .ThenBy(name => name, StringComparer.Ordinal);
        swaggerDoc.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            Description = described.GetValueOrDefault(name),
        }));
    }
}
