using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>Declares on every operation the answers the service's limits can give: 429, and 413 where a body is sent.</summary>
internal sealed class LimitResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        var tooMany = ApiKeyOperationFilter.Problem(context,
            "Too many requests for this client's budget. Wait the seconds in Retry-After; RateLimit and RateLimit-Policy say how budgets work.");
        tooMany.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = Header("Seconds until the budget resets.", JsonSchemaType.Integer),
            ["RateLimit-Policy"] = Header("The budget that applies, such as \"anonymous-read\";q=300;w=60 (quota q per w seconds).", JsonSchemaType.String),
            ["RateLimit"] = Header("What is left of it, such as \"anonymous-read\";r=0;t=17 (r requests left, reset in t seconds).", JsonSchemaType.String),
        };
        operation.Responses.TryAdd("429", tooMany);

        if (operation.RequestBody is not null)
        {
            operation.Responses.TryAdd("413", ApiKeyOperationFilter.Problem(context, "The request body is larger than the service accepts (64 KiB by default)."));
        }
    }

    private static OpenApiHeader Header(string description, JsonSchemaType type) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };
}
