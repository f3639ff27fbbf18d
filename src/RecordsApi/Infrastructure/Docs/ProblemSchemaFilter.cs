using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Problems;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// The problem schemas as this service fills them (see ProblemDetailsSetup): every member is always
/// present and never null, and traceId is there to quote in a report.
/// </summary>
internal sealed class ProblemSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<string, string> Members = new(StringComparer.Ordinal)
    {
        ["type"] = $"The kind of problem, for a program to switch on: {ProblemType.Base}<kind>, one of the values of x-extensible-enum, "
            + "each described in docs/errors.md. Compare it as a string; it is a name, not a page the service serves. "
            + "New kinds may be added, so handle an unknown one by the status.",
        ["title"] = "A short summary of the kind of problem.",
        ["status"] = "The HTTP status code.",
        ["detail"] = "What went wrong in this request, and what to do about it.",
        ["instance"] = "The path of the request.",
        ["traceId"] = "Identifies the request in the service's logs: quote it when you report a problem.",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema problem || !typeof(ProblemDetails).IsAssignableFrom(context.Type) || context.MemberInfo is not null)
        {
            return;
        }

        problem.Description = context.Type == typeof(HttpValidationProblemDetails)
            ? "An RFC 9457 problem for a request that is not valid; `errors` maps each field to fix (its JSON name) to what is wrong with it."
            : "An RFC 9457 problem: what went wrong and how to fix it. Some problems add members, such as `errors`.";
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
        problem.Required ??= new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, description) in Members)
        {
            if (problem.Properties.TryGetValue(name, out var member) && member is OpenApiSchema memberSchema)
            {
                memberSchema.Type &= ~JsonSchemaType.Null;
                memberSchema.Description = description;
                problem.Required.Add(name);
            }
        }

        if (problem.Properties.TryGetValue("type", out var type) && type is OpenApiSchema typeSchema)
        {
            // Not an enum: a generated client would then refuse a kind added later. Listed, so tools and people see them.
            typeSchema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            typeSchema.Extensions["x-extensible-enum"] = new JsonNodeExtension(new JsonArray([.. ProblemTypes.All.Select(kind => JsonValue.Create(kind.Uri))]));
            typeSchema.Example = JsonValue.Create(context.Type == typeof(HttpValidationProblemDetails) ? ProblemTypes.Validation.Uri : ProblemTypes.NotFound.Uri);
        }

        if (problem.Properties.TryGetValue("detail", out var detail) && detail is OpenApiSchema detailSchema)
        {
            // Kiota makes detail the message of the exception it throws, instead of "Exception of type 'ProblemDetails' was thrown".
            detailSchema.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            detailSchema.Extensions["x-ms-primary-error-message"] = new JsonNodeExtension(JsonValue.Create(true));
        }

        if (problem.Properties.TryGetValue("errors", out var errors) && errors is OpenApiSchema errorsSchema)
        {
            // Not required: a body that cannot be read at all is a 400 without field errors.
            errorsSchema.Description = "Each field to fix, by its JSON name (a.b[0].c for nested ones), with what is wrong with it.";
        }
    }
}
