using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Json;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// A merge patch takes the members of the request, each optional: a body declared as application/merge-patch+json
/// with a request's schema (PersonRequest) is documented as a schema of its own (PersonPatch) holding the same
/// members and requiring none, so that a generated client can send one member alone.
/// </summary>
internal sealed class MergePatchSchemaFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var components = swaggerDoc.Components?.Schemas;
        var operations = (swaggerDoc.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>())
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());
        foreach (var operation in operations)
        {
            if (components is null
                || operation.RequestBody?.Content is not { } content
                || !content.TryGetValue(MergePatch.MediaType, out var body)
                || body is not { Schema: OpenApiSchemaReference { Reference.Id: { } id } }
                || !components.TryGetValue(id, out var found) || found is not OpenApiSchema request)
            {
                continue;
            }

            var name = (id.EndsWith("Request", StringComparison.Ordinal) ? id[..^"Request".Length] : id) + "Patch";
            components.TryAdd(name, new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"A JSON merge patch (RFC 7396) of {id}: any of its members, each optional; null sets one to null.",
                Properties = request.Properties is null ? null : new Dictionary<string, IOpenApiSchema>(request.Properties),
                AdditionalPropertiesAllowed = request.AdditionalPropertiesAllowed,
            });
            body.Schema = new OpenApiSchemaReference(name, swaggerDoc);
        }
    }
}
