using System.Net;
using System.Text.Json;

namespace RecordsApi.Client;

/// <summary>An error response read into its RFC 9457 members, and turned into the exception of its status.</summary>
internal sealed record Problem(
    HttpStatusCode Status,
    string? Type,
    string? Title,
    string? Detail,
    string? Instance,
    string? TraceId,
    IReadOnlyDictionary<string, string[]> Errors,
    ResponseInfo Response)
{
    public string Message
    {
        get
        {
            var message = $"{(int)Status} {Title ?? Status.ToString()}: {Detail ?? "(no detail)"}";
            if (Errors.Count > 0)
            {
                message += " " + string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            }

            return TraceId is null ? message : $"{message} (traceId {TraceId})";
        }
    }

    public static async Task<RecordsApiException> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var info = ResponseInfo.From(response);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var problem = Parse(response.StatusCode, text, info);
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest => new BadRequestException(problem),
            HttpStatusCode.NotFound => new NotFoundException(problem),
            HttpStatusCode.Conflict => new ConflictException(problem),
            HttpStatusCode.PreconditionFailed => new PreconditionFailedException(problem),
            HttpStatusCode.UnprocessableEntity => new UnprocessableEntityException(problem),
            HttpStatusCode.PreconditionRequired => new PreconditionRequiredException(problem),
            HttpStatusCode.TooManyRequests => new TooManyRequestsException(problem, RetryAfter(response)),
            _ => new RecordsApiException(problem),
        };
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    private static Problem Parse(HttpStatusCode status, string text, ResponseInfo info)
    {
        var errors = new Dictionary<string, string[]>();
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in fields.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(m => m.ToString())]
                            : [field.Value.ToString()];
                    }
                }

                return new Problem(status, String(root, "type"), String(root, "title"), String(root, "detail"),
                    String(root, "instance"), String(root, "traceId"), errors, info);
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page): keep its text as the detail.
        }

        return new Problem(status, null, null, text.Length > 500 ? text[..500] : text, null, null, errors, info);
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
