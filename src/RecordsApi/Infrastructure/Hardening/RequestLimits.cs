using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace RecordsApi.Infrastructure.Hardening;

/// <summary>
/// Refuses oversized requests before any work is done, each with a problem that says what to fix:
/// a long request target (414), large header fields (431) or a declared body over the limit (413).
/// A body without a declared length is cut off by the server at the same limit while it is read,
/// and that too answers 413. Kestrel's own, larger limits stay behind these as a last line.
/// </summary>
internal sealed class RequestLimits(RequestDelegate next, IOptions<RequestLimitOptions> options, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext http)
    {
        var limits = options.Value;
        var request = http.Request;

        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw.Length
            : request.PathBase.Value!.Length + request.Path.Value!.Length + request.QueryString.Value!.Length;
        if (target > limits.MaxUrlLength)
        {
            return RefuseAsync(http, StatusCodes.Status414UriTooLong,
                $"The request target is {target} characters long; at most {limits.MaxUrlLength} are accepted. Send fewer or shorter query parameters.");
        }

        var headerBytes = request.Headers.Sum(header => header.Key.Length + 4 + header.Value.Sum(value => value?.Length ?? 0));
        if (headerBytes > limits.MaxRequestHeadersBytes)
        {
            return RefuseAsync(http, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request's header fields take {headerBytes} bytes; at most {limits.MaxRequestHeadersBytes} are accepted.");
        }

        // An endpoint made for bulk bodies (POST /v1/import) says so in its metadata.
        var maxBody = http.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.MaxBytes ?? limits.MaxRequestBodyBytes;
        if (request.ContentLength > maxBody)
        {
            return RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, BodyTooLarge(maxBody));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBody;
        }

        return next(http);
    }

    internal static string BodyTooLarge(RequestLimitOptions limits) => BodyTooLarge(limits.MaxRequestBodyBytes);

    internal static string BodyTooLarge(long maxBytes) =>
        $"The request body is larger than {maxBytes} bytes ({maxBytes / 1024} KiB), the most this endpoint accepts.";

    private Task RefuseAsync(HttpContext http, int status, string detail)
    {
        http.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new() { Status = status, Detail = detail },
        }).AsTask();
    }
}
