using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>
/// A response as a client received it, with the headers a retry needs to act on it the same way.
/// Executing it writes it again; a replay adds Idempotent-Replayed: true.
/// </summary>
internal sealed record CapturedResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool Replayed = false) : IResult
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    private static readonly string[] KeptHeaders = [HeaderNames.Location, HeaderNames.ETag, HeaderNames.ContentType];

    /// <summary>Runs a handler's result into memory, so it can be stored before it is sent.</summary>
    public static async Task<CapturedResponse> CaptureAsync(HttpContext http, object? result)
    {
        var executable = result switch
        {
            IResult r => r,
            null => Results.Empty,
            string text => Results.Text(text),
            _ => TypedResults.Ok(result),
        };

        var client = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(buffer, client);
        http.Features.Set<IHttpResponseBodyFeature>(capture);
        try
        {
            await executable.ExecuteAsync(http);
            await capture.CompleteAsync();
        }
        finally
        {
            http.Features.Set(client);
        }

        var headers = KeptHeaders
            .Where(name => http.Response.Headers.ContainsKey(name))
            .ToDictionary(name => name, name => http.Response.Headers[name].ToString(), StringComparer.OrdinalIgnoreCase);
        return new CapturedResponse(http.Response.StatusCode, headers, buffer.ToArray());
    }

    public static CapturedResponse FromStored(int status, string? headersJson, byte[] body) =>
        new(status, headersJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(headersJson) ?? [], body, Replayed: true);

    public string HeadersJson() => JsonSerializer.Serialize(Headers);

    /// <summary>Only final answers are kept: successes and client errors. A 5xx says "try again", so it is not.</summary>
    public bool IsFinal => Status is (>= 200 and < 300) or (>= 400 and < 500);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (Replayed)
        {
            response.Headers[ReplayedHeader] = "true";
        }

        if (Body.Length > 0)
        {
            response.ContentLength = Body.Length;
            await response.Body.WriteAsync(Body, httpContext.RequestAborted);
        }
    }
}
