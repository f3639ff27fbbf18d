using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Auth;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// The API key in the OpenAPI document: a security scheme (Swagger UI's Authorize button), and on
/// each operation that needs a key, the lock and its 401 and 403 answers. Read from the endpoints'
/// authorization metadata, so the document says exactly what the service enforces.
/// </summary>
internal sealed class ApiKeyOperationFilter : IOperationFilter
{
    public static void Register(SwaggerGenOptions options)
    {
        options.AddSecurityDefinition(ApiKeyDefaults.Scheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyDefaults.HeaderName,
            Description = "An API key such as rk_abcd2345_…, made with `keys create` (see docs/security.md). "
                + "Writes need a key with scope write or admin; managing keys needs admin. Reads need no key.",
        });
        options.OperationFilter<ApiKeyOperationFilter>();
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(data => data.Policy).ToHashSet();
        if (policies.Count == 0)
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(ApiKeyDefaults.Scheme, context.Document)] = [],
        });

        var scope = policies.Contains(ApiPolicies.Admin) ? "admin" : "write or admin";
        operation.Responses ??= [];
        operation.Responses["401"] = Problem(context,
            $"No key, or an unknown or revoked one, in {ApiKeyDefaults.HeaderName}. The WWW-Authenticate header names the scheme.");
        operation.Responses["403"] = Problem(context, $"The key's scope does not allow this operation: it needs {scope}.");
        if (operation.Responses["401"] is OpenApiResponse unauthorized)
        {
            unauthorized.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["WWW-Authenticate"] = new OpenApiHeader
                {
                    Description = $"Always `{ApiKeyDefaults.Challenge}`.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            };
        }
    }

    internal static OpenApiResponse Problem(OperationFilterContext context, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
        },
    };
}
