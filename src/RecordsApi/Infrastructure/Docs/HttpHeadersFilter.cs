using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Idempotency;
using RecordsApi.Infrastructure.Paging;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// Documents the HTTP headers of the shared mechanisms, read off what each operation declares rather
/// than listed per endpoint: a 304 means a conditional GET (If-None-Match in, ETag out); a 428 means
/// a write that needs If-Match (and answers with the new ETag); a 201 carries Location and ETag; a
/// paged list carries Link; a POST taking Idempotency-Key may answer Idempotent-Replayed (and Retry-After
/// on its 409); a rate-limited operation carries RateLimit and RateLimit-Policy.
/// Retry-After on 429 and 503 is declared with those responses (see <see cref="ProblemResponsesFilter"/>).
/// Any other request header an endpoint reads is declared on it with <see cref="RequestHeaders.WithRequestHeader"/>.
/// </summary>
internal sealed class HttpHeadersFilter(IOptions<RateLimiterOptions> rateLimiter, IApiDescriptionGroupCollectionProvider apis) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is not { } responses)
        {
            return;
        }

        foreach (var header in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestHeader>())
        {
            AddParameter(operation, header.Name, header.Required, header.Description, new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = header.MaxLength });
        }

        if (responses.ContainsKey("304"))
        {
            AddParameter(operation, "If-None-Match", required: false,
                "The ETag of the copy you have; if it is still current the answer is 304 Not Modified, without a body.");
            AddHeader(responses, "200", "ETag", required: true,
                "The ETag of this answer, opaque: send it back whole in If-None-Match (and, for one resource, If-Match).", EtagSchema());
            AddHeader(responses, "304", "ETag", required: true, "The ETag of the copy you have, still current.", EtagSchema());
        }

        if (responses.ContainsKey("428"))
        {
            AddParameter(operation, "If-Match", required: true,
                "The ETag from your last GET of this resource. Missing: 428; no longer current: 412, and nothing changes.");
            AddHeader(responses, "200", "ETag", required: false, "The ETag of the resource after the change.", EtagSchema());
        }

        if (responses.ContainsKey("412"))
        {
            AddHeader(responses, "412", "ETag", required: true, "The resource's current ETag: GET it again, or reapply your change against it.", EtagSchema());
        }

        if (responses.ContainsKey("201"))
        {
            // No format: Kiota warns that it cannot read uri-reference (or uri), and a generator warning fails CI.
            AddHeader(responses, "201", "Location", required: true, "The absolute URL of the new resource.",
                new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 });
            if (responses.ContainsKey("428") || IsChangedWithIfMatch(context.ApiDescription))
            {
                AddHeader(responses, "201", "ETag", required: true, "The ETag of the new resource, for If-Match.", EtagSchema());
            }
        }

        if (context.ApiDescription.HttpMethod == "GET"
            && context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RevalidatedReads>().Any())
        {
            foreach (var code in new[] { "200", "304" })
            {
                AddHeader(responses, code, "Cache-Control", required: true,
                    "no-cache: any cache may keep this answer, but must revalidate it (with If-None-Match where it came with an ETag) before each reuse.",
                    new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(ReadCaching.Revalidate)] });
            }
        }

        if (IsPage(context.ApiDescription, 200))
        {
            AddHeader(responses, "200", "Link", required: false,
                "The next page, as <URL>; rel=\"next\"; absent on the last page. The same page the body's cursor leads to.",
                new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 4096 });
        }

        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestHeader>().Any(h => h.Name == IdempotencyFilter.HeaderName))
        {
            // What the handler answered can be replayed; what is refused before it runs (400, 401, 403, 413, 415, 429) is not.
            foreach (var code in responses.Keys.Where(code => code[0] == '2' || code is "404" or "409" or "422").ToList())
            {
                AddHeader(responses, code, CapturedResponse.ReplayedHeader, required: false,
                    "true when this is the stored answer to an earlier request with the same Idempotency-Key, replayed; absent otherwise.",
                    new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] });
            }

            AddHeader(responses, "409", "Retry-After", required: false,
                "When the first request with this Idempotency-Key is still running: seconds to wait before retrying for its answer.",
                new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "86400" });
        }

        if (ProblemResponsesFilter.IsRateLimited(context.ApiDescription.ActionDescriptor.EndpointMetadata, rateLimiter.Value))
        {
            foreach (var code in responses.Keys.ToList())
            {
                AddHeader(responses, code, "RateLimit", required: false,
                    "The caller's remaining quota in the current window (IETF RateLimit header fields).",
                    new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 256 });
                AddHeader(responses, code, "RateLimit-Policy", required: false,
                    "The quota policy that applies: requests allowed per window.",
                    new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 256 });
            }
        }
    }

    private static OpenApiSchema EtagSchema() => new()
    {
        Type = JsonSchemaType.String,
        MaxLength = 64,
        Example = JsonValue.Create("\"3\""),
    };

    /// <summary>
    /// Whether what a POST creates is then changed with If-Match, so its 201 sends the ETag: a PUT or DELETE
    /// of the item under the collection (POST v1/people, PUT v1/people/{ref}) requires it (answers 428).
    /// </summary>
    private bool IsChangedWithIfMatch(ApiDescription create)
    {
        var collection = create.RelativePath?.TrimEnd('/') + "/";
        return apis.ApiDescriptionGroups.Items.SelectMany(group => group.Items).Any(api =>
            api.HttpMethod is "PUT" or "DELETE"
            && api.RelativePath is { } path && path.StartsWith(collection + "{", StringComparison.OrdinalIgnoreCase)
            && !path[collection.Length..].Contains('/', StringComparison.Ordinal)
            && api.SupportedResponseTypes.Any(r => r.StatusCode == StatusCodes.Status428PreconditionRequired));
    }

    private static bool IsPage(ApiDescription api, int status) =>
        api.SupportedResponseTypes.Any(r => r.StatusCode == status
            && r.Type is { } type && typeof(ILinkedPage).IsAssignableFrom(type));

    private static void AddParameter(OpenApiOperation operation, string name, bool required, string description, OpenApiSchema? schema = null)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = schema ?? EtagSchema(),
        });
    }

    private static void AddHeader(OpenApiResponses responses, string code, string name, bool required, string description, OpenApiSchema schema)
    {
        if (!responses.TryGetValue(code, out var response) || response is not OpenApiResponse concrete)
        {
            return;
        }

        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
        concrete.Headers.TryAdd(name, new OpenApiHeader { Description = description, Required = required, Schema = schema });
    }
}
