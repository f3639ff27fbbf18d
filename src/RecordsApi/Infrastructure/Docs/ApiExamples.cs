using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// The example the OpenAPI document shows for a contract type, taken from the seeded data. A resource
/// declares its examples beside its contracts (<c>internal sealed class PersonExample : ApiExample&lt;Person&gt;</c>);
/// <see cref="ExamplesSchemaFilter"/> finds every such class, so there is nothing to register.
/// </summary>
public abstract class ApiExample<T> : IApiExample
{
    public abstract T Example { get; }

    Type IApiExample.Type => typeof(T);

    object? IApiExample.Value => Example;
}

public interface IApiExample
{
    Type Type { get; }

    object? Value { get; }
}

/// <summary>Puts each contract type's <see cref="ApiExample{T}"/>, serialized exactly as responses are, on its schema.</summary>
internal sealed class ExamplesSchemaFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ISchemaFilter
{
    private static readonly Lazy<IReadOnlyDictionary<Type, IApiExample>> Examples = new(FindExamples);

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        // Only the schema of the type itself, not a property or parameter that merely has that type.
        if (schema is OpenApiSchema concrete && context.MemberInfo is null && context.ParameterInfo is null
            && Examples.Value.TryGetValue(context.Type, out var example))
        {
            concrete.Example = JsonSerializer.SerializeToNode(example.Value, example.Type, json.Value.SerializerOptions);
        }
    }

    private static Dictionary<Type, IApiExample> FindExamples() =>
        typeof(ExamplesSchemaFilter).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsClass: true } && typeof(IApiExample).IsAssignableFrom(type))
            .Select(type => (IApiExample)Activator.CreateInstance(type, nonPublic: true)!)
            .ToDictionary(example => example.Type);
}
