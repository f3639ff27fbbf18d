namespace RecordsApi.Client;

/// <summary>Where the service is, the key to send, and how patient to be.</summary>
public sealed class RecordsApiClientOptions
{
    /// <summary>The service's root, such as https://records.example.org/ (the client adds /v1/…).</summary>
    public Uri BaseAddress { get; set; } = new("http://localhost:8080/");

    /// <summary>The X-Api-Key to send: writes need one; reads with one get the larger keyed budget.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries of a request answered 429 or 503, each after the Retry-After the service sent (0: none).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The longest Retry-After the client waits out; a longer one fails at once with the 429 or 503.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before a retry when the answer had no Retry-After (doubling each time).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times UpdateAsync reads, changes and writes before a 412 is given up on.</summary>
    public int MaxUpdateAttempts { get; set; } = 5;

    internal Uri Root => BaseAddress.AbsoluteUri.EndsWith('/') ? BaseAddress : new Uri(BaseAddress.AbsoluteUri + "/");
}
