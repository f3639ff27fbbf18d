using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// Makes each schema say which members the service always writes, as its serializer decides it: a
/// member is written always, null included (see JsonSetup), unless the serializer has a condition
/// for it (such as [JsonIgnore(Condition = WhenWritingNull)]). So a schema used only in responses
/// lists every always-written member as required, and a generated client types person.name as a
/// string, not as something that may be missing; a conditional member stays optional, and one the
/// serializer never writes as null is not nullable. Schemas that requests also use keep only the
/// required members their validators state, since a client may leave the others out. Responses are
/// listed in status order.
/// </summary>
internal sealed class ResponseSchemasFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ISchemaFilter, IDocumentFilter
{
    /// <summary>Where the schema filter leaves, for the document filter, the members the serializer may leave out.</summary>
    private const string ConditionalMembers = "records:conditional-members";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } objectSchema
            || context.MemberInfo is not null || context.ParameterInfo is not null
            || json.Value.SerializerOptions.GetTypeInfo(context.Type) is not { Kind: JsonTypeInfoKind.Object } contract)
        {
            return;
        }

        var conditional = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in contract.Properties.Where(p => p.ShouldSerialize is not null))
        {
            conditional.Add(member.Name);
            if (NeverWritesNull(member) && objectSchema.Properties!.TryGetValue(member.Name, out var property) && property is OpenApiSchema propertySchema)
            {
                propertySchema.Type &= ~JsonSchemaType.Null;
            }
        }

        objectSchema.Metadata ??= new Dictionary<string, object>(StringComparer.Ordinal);
        objectSchema.Metadata[ConditionalMembers] = conditional;
    }

    /// <summary>True when the member's condition leaves it out whenever it is null (WhenWritingNull, WhenWritingDefault).</summary>
    private static bool NeverWritesNull(JsonPropertyInfo member) =>
        (!member.PropertyType.IsValueType || Nullable.GetUnderlyingType(member.PropertyType) is not null)
        && !member.ShouldSerialize!(null!, null);

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
                // A body is never null, and its schema describes it: the allOf wrapper members need (DocsSetup) says nothing here.
                if (media.Schema is OpenApiSchema { AllOf: [OpenApiSchemaReference body] })
                {
                    media.Schema = body;
                }

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
                var conditional = schema.Metadata?.TryGetValue(ConditionalMembers, out var members) == true ? (HashSet<string>)members : [];
                schema.Required = new SortedSet<string>(schema.Properties.Keys.Where(name => !conditional.Contains(name)), StringComparer.Ordinal);
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
