using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Auth;
using RecordsApi.Infrastructure.Hardening;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// The CORS headers of <see cref="ApiCorsPolicies"/>, on every response of every operation: a request that
/// names its Origin gets them on reads from any origin, and on writes from the origins configured to write.
/// Registered after every filter that adds responses.
/// </summary>
internal sealed class CorsHeadersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var allowOrigin = ApiPolicies.IsRead(context.ApiDescription.HttpMethod ?? HttpMethods.Get)
            ? "Sent when the request has an Origin header: * (any page may read)."
            : "Sent when the request has an Origin header that is one of the origins configured to write (Cors:WriteOrigins): that origin.";
        var expose = "Sent with Access-Control-Allow-Origin: the response headers a page may read ("
            + string.Join(", ", ApiCorsPolicies.Exposed) + ").";
        foreach (var response in (operation.Responses ?? []).Values.OfType<OpenApiResponse>())
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd("Access-Control-Allow-Origin", new OpenApiHeader
            {
                Description = allowOrigin,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 },
            });
            response.Headers.TryAdd("Access-Control-Expose-Headers", new OpenApiHeader
            {
                Description = expose,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 1024 },
            });
        }
    }
}
