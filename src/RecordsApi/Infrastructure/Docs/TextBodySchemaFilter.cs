using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>Marks a body type that is read as raw text (such as NDJSON), not parsed as a JSON object.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TextBodyAttribute(long maxBytes, string description) : Attribute
{
    public long MaxBytes { get; } = maxBytes;

    /// <summary>What the text holds, for the document.</summary>
    public string Description { get; } = description;
}

/// <summary>
/// A <see cref="TextBodyAttribute"/> type is documented as what a client sends: a string of at most
/// the bytes the endpoint accepts, not the .NET object that carries it.
/// </summary>
internal sealed class TextBodySchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema text || context.MemberInfo is not null || context.Type.GetCustomAttribute<TextBodyAttribute>() is not { } body)
        {
            return;
        }

        text.Type = JsonSchemaType.String;
        text.Properties?.Clear();
        text.Required?.Clear();
        text.AdditionalPropertiesAllowed = true;
        text.MaxLength = (int)Math.Min(body.MaxBytes, int.MaxValue);
        text.Description = body.Description;
    }
}

/// <summary>
/// A response that is text but not JSON (the NDJSON export) is documented as bytes (format: binary), so a
/// generated client hands it over as a stream or file to read line by line, instead of trying to parse the
/// whole of it as one JSON string (which NSwag's clients did, and failed).
/// </summary>
internal sealed class TextResponsesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var media = (operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
            .SelectMany(response => response.Content ?? new Dictionary<string, OpenApiMediaType>())
            .Where(content => !content.Key.Contains("json", StringComparison.OrdinalIgnoreCase) || content.Key.EndsWith("ndjson", StringComparison.OrdinalIgnoreCase));
        foreach (var (_, content) in media)
        {
            if (content.Schema is OpenApiSchema { Type: JsonSchemaType.String, Format: null } text)
            {
                text.Format = "binary";
            }
        }
    }
}
