using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RecordsApi.Client;

/// <summary>Sends one request and reads its answer: the body and headers, or the problem as an exception.</summary>
internal sealed class ApiConnection(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, Action<HttpRequestMessage>? prepare, CancellationToken ct)
    {
        using var request = Request(method, path, body, prepare);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await Problem.ReadAsync(response, ct).ConfigureAwait(false);
        }

        return new ApiResult<T>(await ReadAsync<T>(response, ct).ConfigureAwait(false), ResponseInfo.From(response));
    }

    /// <summary>A request whose success has no body (204).</summary>
    public async Task<ResponseInfo> SendWithoutBodyAsync(HttpMethod method, string path, Action<HttpRequestMessage>? prepare, CancellationToken ct)
    {
        using var request = Request(method, path, body: null, prepare);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await Problem.ReadAsync(response, ct).ConfigureAwait(false);
        }

        return ResponseInfo.From(response);
    }

    /// <summary>A GET with If-None-Match: 304 is an answer, not an error.</summary>
    public async Task<ConditionalResult<T>> GetIfNoneMatchAsync<T>(string path, string etag, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        using var request = Request(HttpMethod.Get, path, body: null, r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new ConditionalResult<T>(true, default, ResponseInfo.From(response));
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await Problem.ReadAsync(response, ct).ConfigureAwait(false);
        }

        return new ConditionalResult<T>(false, await ReadAsync<T>(response, ct).ConfigureAwait(false), ResponseInfo.From(response));
    }

    /// <summary>A response left open for streaming (the export); the caller disposes it.</summary>
    public async Task<HttpResponseMessage> OpenAsync(string path, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, path, body: null, prepare: null);
        var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await Problem.ReadAsync(response, ct).ConfigureAwait(false);
            }
        }

        return response;
    }

    public static Action<HttpRequestMessage> IfMatch(string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return request => request.Headers.TryAddWithoutValidation("If-Match", etag);
    }

    public static Action<HttpRequestMessage> IdempotencyKey(string? key)
    {
        // One key per create call: the retries of that call (429, 503) send it again, so the service
        // answers a create that did happen with its first response instead of making a second resource.
        var value = string.IsNullOrEmpty(key) ? Guid.NewGuid().ToString("N") : key;
        return request => request.Headers.TryAddWithoutValidation("Idempotency-Key", value);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body, Action<HttpRequestMessage>? prepare)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            // Bytes, not a lazily serialized JsonContent, so a retry sends exactly the same body again.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ApiJson.Options))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName } },
            };
        }

        prepare?.Invoke(request);
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, ct).ConfigureAwait(false)
        ?? throw new JsonException($"The response to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} had an empty body.");
}

/// <summary>Builds a relative path with a query string of the parameters that have values.</summary>
internal static class Paths
{
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string With(string path, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join("&", parameters
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string? Number(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
