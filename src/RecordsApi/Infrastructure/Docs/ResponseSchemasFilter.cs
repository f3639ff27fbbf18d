using System.Globalization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// The service writes every member of a response, null ones included (see JsonSetup), so a schema
/// used only in responses lists all its properties as required: a generated client then types
/// person.name as a string, not as something that may be missing. Schemas that requests also use
/// stay as they are, since a client may leave their optional members out. Responses are listed in
/// status order.
/// </summary>
internal sealed class ResponseSchemasFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var schemas = swaggerDoc.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var inRequests = new HashSet<string>(StringComparer.Ordinal);
        var inResponses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in swaggerDoc.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Reach(parameter.Schema, schemas, inRequests);
            }

            foreach (var media in operation.RequestBody?.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>())
            {
                Reach(media.Schema, schemas, inRequests);
            }

            foreach (var media in (operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>()))
            {
                Reach(media.Schema, schemas, inResponses);
            }

            if (operation.Responses is { } responses)
            {
                var ordered = responses.OrderBy(r => int.TryParse(r.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : int.MaxValue).ToList();
                responses.Clear();
                foreach (var (code, response) in ordered)
                {
                    responses[code] = response;
                }
            }
        }

        foreach (var id in inResponses.Except(inRequests))
        {
            // A schema that states its required members already (problems: see ProblemSchemaFilter) knows better.
            if (schemas[id] is OpenApiSchema { Properties.Count: > 0, Required: null or { Count: 0 } } schema)
            {
                schema.Required = new SortedSet<string>(schema.Properties.Keys, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Collects the ids of the component schemas a schema refers to, directly or through others.</summary>
    private static void Reach(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> components, HashSet<string> seen)
    {
        switch (schema)
        {
            case null:
                return;
            case OpenApiSchemaReference reference:
                if (reference.Reference.Id is { } id && seen.Add(id) && components.TryGetValue(id, out var target))
                {
                    Reach(target, components, seen);
                }

                return;
        }

        foreach (var child in (schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? [])
            .Append(schema.Items).Append(schema.AdditionalProperties))
        {
            Reach(child, components, seen);
        }
    }
}
