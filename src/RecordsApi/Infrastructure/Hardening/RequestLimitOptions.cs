using System.ComponentModel.DataAnnotations;

namespace RecordsApi.Infrastructure.Hardening;

/// <summary>How big and how long one request may be (configuration section "RequestLimits").</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "RequestLimits";

    /// <summary>Largest request body accepted, in bytes: 413 beyond it.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Longest request target (path and query) accepted, in characters: 414 beyond it.</summary>
    [Range(256, 8000)]
    public int MaxUrlLength { get; set; } = 4096;

    /// <summary>Largest total size of the request's header fields, in bytes: 431 beyond it.</summary>
    [Range(1024, 32 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>How long a request may take before it is stopped with 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Open client connections one instance keeps at once (idle keep-alive ones included); a connection
    /// beyond it is closed as soon as it is accepted. Requests queue on the database pool long before
    /// this many are busy, so the cap bounds sockets and memory, not throughput.
    /// </summary>
    [Range(1, 1_000_000)]
    public long MaxConnections { get; set; } = 1000;

    /// <summary>How long an idle keep-alive connection stays open (Kestrel's default is 130 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Which browser origins may write (configuration section "Cors"). Any origin may read.</summary>
public sealed class CorsSettings
{
    public const string Section = "Cors";

    /// <summary>Origins such as https://editor.example.org whose pages may send writes; none by default.</summary>
    public string[] WriteOrigins { get; set; } = [];
}

/// <summary>
/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the service believes (configuration
/// section "ForwardedHeaders"). With none configured the headers are ignored: anyone could send them.
/// </summary>
public sealed class ProxySettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of proxies, such as 10.0.0.5.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation, such as 10.0.0.0/8.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to look through.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>Strict-Transport-Security, for deployments served over HTTPS (configuration section "Hsts").</summary>
public sealed class HstsSettings
{
    public const string Section = "Hsts";

    public bool Enabled { get; set; }

    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);

    public bool IncludeSubDomains { get; set; } = true;

    public bool Preload { get; set; }
}
