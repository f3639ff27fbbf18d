using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// Puts each contract type's example on its schema: a JSON file beside the contract, named after the type
/// (<c>People/Person.example.json</c>), embedded in the assembly. It holds the answer the API gives (or the
/// request it takes) on real data; it is read into its type, so an example that no longer fits the contract
/// fails the document, and written out exactly as responses are. There is nothing to register.
/// </summary>
internal sealed class ExamplesSchemaFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ISchemaFilter
{
    private const string Prefix = "Examples.";
    private const string Suffix = ".example.json";

    private readonly Lazy<IReadOnlyDictionary<Type, object>> examples = new(() => Load(json.Value.SerializerOptions));

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        // Only the schema of the type itself, not a property or parameter that merely has that type.
        if (schema is OpenApiSchema concrete && context.MemberInfo is null && context.ParameterInfo is null
            && examples.Value.TryGetValue(context.Type, out var example))
        {
            concrete.Example = JsonSerializer.SerializeToNode(example, context.Type, json.Value.SerializerOptions);
        }
    }

    private static Dictionary<Type, object> Load(JsonSerializerOptions options)
    {
        var assembly = typeof(ExamplesSchemaFilter).Assembly;
        var contracts = assembly.GetTypes().Where(type => type.IsPublic).ToLookup(type => type.Name, StringComparer.Ordinal);
        var examples = new Dictionary<Type, object>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..^Suffix.Length];
            var type = contracts[name].SingleOrDefault()
                ?? throw new InvalidOperationException($"The example {resource} names no single public type '{name}'.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            examples[type] = JsonSerializer.Deserialize(stream, type, options)
                ?? throw new InvalidOperationException($"The example {resource} is empty.");
        }

        return examples;
    }
}
