using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Problems;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// Declares the error responses every operation can give, each as an RFC 9457 problem: 500 and 503
/// everywhere; 413 and 415 where there is a request body; 401 and 403 where the endpoint requires
/// authorization; 429 where a rate limiter applies. It also gives every declared error a problem
/// body (400: a validation problem) and a description that says what happened, so the statuses
/// handlers declare with Produces*() need nothing more.
/// </summary>
internal sealed class ProblemResponsesFilter(IOptions<RateLimiterOptions> rateLimiter) : IOperationFilter
{
    public const string ProblemJson = "application/problem+json";

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "The request is not valid: `errors` names each field (or query parameter) to fix, with what is wrong.",
        [401] = "X-Api-Key holds a malformed, unknown or revoked key, which is refused on every request, reads included; or the operation needs a key and none was sent.",
        [403] = "The API key does not have the scope this operation needs.",
        [404] = "Not found: nothing has this id, slug or name, or it was deleted.",
        [409] = "The change conflicts with another resource, such as a slug that is already taken.",
        [412] = "If-Match does not hold the current ETag: someone changed the resource since you read it. GET it again and retry.",
        [413] = "The request body is too large.",
        [415] = "The request body is not JSON: send it with Content-Type: application/json.",
        [422] = "The request is well-formed but cannot be carried out; `detail` says why.",
        [428] = "If-Match is missing: send the ETag from your last GET, so nobody's change is overwritten blindly.",
        [429] = "Too many requests: wait the number of seconds in Retry-After.",
        [500] = "An unexpected error. Quote the traceId when you report it.",
        [503] = "The service cannot reach its database right now: retry after the number of seconds in Retry-After.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;

        AddIfMissing(operation, 500);
        AddIfMissing(operation, 503);
        // A bad key is refused whatever the operation, even one that needs no key.
        AddIfMissing(operation, 401);
        if (operation.RequestBody is not null)
        {
            AddIfMissing(operation, 413);
            AddIfMissing(operation, 415);
        }

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            AddIfMissing(operation, 401);
            AddIfMissing(operation, 403);
        }

        if (IsRateLimited(metadata, rateLimiter.Value))
        {
            AddIfMissing(operation, 429);
        }

        // A body that is not plain JSON (a merge patch, NDJSON): the 415 names the media type it takes.
        if (operation.RequestBody?.Content is { Count: > 0 } content && !content.ContainsKey("application/json")
            && operation.Responses.TryGetValue("415", out var unsupported) && unsupported is OpenApiResponse unsupportedResponse)
        {
            var accepted = string.Join(" or ", content.Keys);
            unsupportedResponse.Description = $"The request body is not {accepted}: send it with Content-Type: {accepted}.";
        }

        var declared = metadata.OfType<ProblemKinds>().SelectMany(kinds => kinds.Kinds).ToList();
        foreach (var (code, response) in operation.Responses)
        {
            if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status >= 400 && response is OpenApiResponse concrete)
            {
                Describe(status, concrete, context.SchemaGenerator, context.SchemaRepository, declared);
            }
        }
    }

    /// <summary>A limiter applies when the endpoint enables one, or a global limiter runs for every endpoint not opted out.</summary>
    internal static bool IsRateLimited(IList<object> metadata, RateLimiterOptions options) =>
        !metadata.OfType<DisableRateLimitingAttribute>().Any()
        && (metadata.OfType<EnableRateLimitingAttribute>().Any() || options.GlobalLimiter is not null);

    private static void AddIfMissing(OpenApiOperation operation, int status)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(code))
        {
            operation.Responses[code] = new OpenApiResponse();
        }
    }

    /// <summary>
    /// The kinds a response of this status can be: those the endpoint declares (ProblemKinds), and those
    /// any endpoint can answer with; for 409 and 422, which only endpoints cause, the general kind when none is declared.
    /// </summary>
    internal static List<ProblemType> KindsOf(int status, IEnumerable<ProblemType> declared)
    {
        var kinds = declared.Where(kind => kind.Status == status).Distinct().ToList();
        if (status is 409 or 422)
        {
            return kinds.Count > 0 ? kinds : [ProblemTypes.ForStatus(status)];
        }

        IEnumerable<ProblemType> everywhere = status switch
        {
            400 => [ProblemTypes.Validation, ProblemTypes.MalformedRequest],
            503 => [ProblemTypes.DatabaseUnavailable, ProblemTypes.Timeout],
            _ => ProblemTypes.All.Where(kind => kind.Status == status),
        };
        return [.. everywhere.Concat(kinds).Distinct()];
    }

    internal static void Describe(int status, OpenApiResponse response, ISchemaGenerator schemas, SchemaRepository repository, IEnumerable<ProblemType>? declared = null)
    {
        if (Descriptions.TryGetValue(status, out var description)
            && (string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrase(status)))
        {
            response.Description = description;
        }
        else if (string.IsNullOrEmpty(response.Description))
        {
            response.Description = ReasonPhrase(status);
        }

        var kinds = KindsOf(status, declared ?? []).Select(kind => $"`{kind.Name}`").ToList();
        if (kinds.Count > 0 && !response.Description.Contains(ProblemType.Base, StringComparison.Ordinal))
        {
            response.Description = $"{response.Description.TrimEnd('.')}. The problem's `type` is {ProblemType.Base}<kind>, kind {string.Join(" or ", kinds)} (docs/errors.md).";
        }

        if (status == 401)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd("WWW-Authenticate", new OpenApiHeader
            {
                Description = $"Always `{Auth.ApiKeyDefaults.Challenge}`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        var type = status == 400 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content.Remove("application/json");
        if (!response.Content.TryGetValue(ProblemJson, out var media) || media.Schema is null)
        {
            response.Content[ProblemJson] = new OpenApiMediaType
            {
                Schema = schemas.GenerateSchema(type, repository),
            };
        }

        if (status is 429 or 503)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd("Retry-After", new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "86400" },
                Example = JsonValue.Create(5),
            });
        }
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}

/// <summary>
/// An operation that requires a security scheme can answer 401 (no or bad key) and 403 (key without the
/// scope). A document filter, so it sees the requirements every operation filter added, whatever the order.
/// </summary>
internal sealed class SecuredOperationsFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var operation in swaggerDoc.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            if (operation.Security is not { Count: > 0 } || operation.Responses is null)
            {
                continue;
            }

            // Refused requests are counted too, so they carry the rate-limit headers the other answers do.
            var rateLimitHeaders = operation.Responses.Values.OfType<OpenApiResponse>()
                .SelectMany(r => r.Headers ?? new Dictionary<string, IOpenApiHeader>())
                .Where(h => h.Key.StartsWith("RateLimit", StringComparison.Ordinal))
                .DistinctBy(h => h.Key)
                .ToList();
            foreach (var status in new[] { 401, 403 })
            {
                var code = status.ToString(CultureInfo.InvariantCulture);
                if (!operation.Responses.TryGetValue(code, out var existing))
                {
                    var response = new OpenApiResponse();
                    ProblemResponsesFilter.Describe(status, response, context.SchemaGenerator, context.SchemaRepository);
                    operation.Responses[code] = existing = response;
                }

                if (existing is OpenApiResponse refused)
                {
                    refused.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    foreach (var (name, header) in rateLimitHeaders)
                    {
                        refused.Headers.TryAdd(name, header);
                    }
                }
            }
        }
    }
}
