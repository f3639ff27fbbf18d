namespace RecordsApi.Tests.Infrastructure;

/// <summary>Requests that carry a precondition: If-Match on a change, If-None-Match on a read.</summary>
public static class ConditionalRequests
{
    public static Task<HttpResponseMessage> PutIfMatchAsync(this HttpClient client, string url, object body, string ifMatch) =>
        client.SendAsync(WithIfMatch(HttpMethod.Put, url, ifMatch, body));

    /// <summary>A PATCH with a JSON merge patch; <paramref name="ifMatch"/> null sends none.</summary>
    public static Task<HttpResponseMessage> PatchAsync(
        this HttpClient client, string url, string patch, string? ifMatch, string contentType = "application/merge-patch+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(patch, System.Text.Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DeleteIfMatchAsync(this HttpClient client, string url, string ifMatch) =>
        client.SendAsync(WithIfMatch(HttpMethod.Delete, url, ifMatch));

    public static Task<HttpResponseMessage> GetIfNoneMatchAsync(this HttpClient client, string url, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request);
    }

    /// <summary>A request with If-Match sent as given, so tests can send weak tags and "*" too.</summary>
    private static HttpRequestMessage WithIfMatch(HttpMethod method, string url, string ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : Json(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
