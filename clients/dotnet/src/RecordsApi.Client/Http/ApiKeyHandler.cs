namespace RecordsApi.Client;

/// <summary>
/// Sends X-Api-Key on every request to the service's own origin, over http as over https (a service on
/// localhost or behind a TLS-terminating proxy is plain http). Never to another origin, so a link or a
/// redirect elsewhere cannot carry the key away.
/// </summary>
public sealed class ApiKeyHandler : DelegatingHandler
{
    public const string HeaderName = "X-Api-Key";

    private readonly string apiKey;
    private readonly Uri origin;

    public ApiKeyHandler(string apiKey, Uri baseAddress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.apiKey = apiKey;
        origin = baseAddress;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(HeaderName);
        if (request.RequestUri is { } uri && Uri.Compare(uri, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Headers.TryAddWithoutValidation(HeaderName, apiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
