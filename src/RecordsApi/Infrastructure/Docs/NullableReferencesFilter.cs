using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// OpenAPI 3.0 has no way to say "this other schema, or null" with nullable alone: nullable needs a
/// type beside it, and the schema referred to refuses null (3.0.3 §4.7.25.1). So a member that may be
/// null and whose schema is another component (Holding? current, MissionBrief? mission) is written as
/// anyOf [that schema, null], which validators, Prism and client generators all read the same way.
/// A document filter, so it sees each member after every schema filter has said whether it may be null.
/// </summary>
internal sealed class NullableReferencesFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var members = (swaggerDoc.Components?.Schemas?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .OfType<OpenApiSchema>()
            .SelectMany(schema => schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>());
        foreach (var member in members.OfType<OpenApiSchema>())
        {
            // UseAllOfToExtendReferenceSchemas (DocsSetup) writes such a member as allOf [the schema] with nullable.
            if (member is { AllOf: [OpenApiSchemaReference target] } && member.Type == JsonSchemaType.Null)
            {
                member.AllOf = null;
                member.Type = null;
                member.AnyOf = [target, new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, Enum = [null!] }];
            }
        }
    }
}
