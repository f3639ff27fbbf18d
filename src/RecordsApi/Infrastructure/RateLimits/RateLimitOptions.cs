using System.ComponentModel.DataAnnotations;

namespace RecordsApi.Infrastructure.RateLimits;

/// <summary>Budgets per client and window (configuration section "RateLimits").</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Length of a window. Windows are aligned to the clock: a one-minute window resets at each full minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>GET/HEAD requests per window of a client without a valid key, counted per IP address (IPv6 per /64).</summary>
    [Range(1, int.MaxValue)]
    public int AnonymousReads { get; set; } = 300;

    /// <summary>GET/HEAD requests per window of one key.</summary>
    [Range(1, int.MaxValue)]
    public int KeyedReads { get; set; } = 3000;

    /// <summary>Other requests per window of a client without a valid key (they are refused with 401, but still cost).</summary>
    [Range(1, int.MaxValue)]
    public int AnonymousWrites { get; set; } = 60;

    /// <summary>Writes per window of one key.</summary>
    [Range(1, int.MaxValue)]
    public int KeyedWrites { get; set; } = 600;

    /// <summary>What a 304 Not Modified answer costs, as a fraction of a request (0 to 1, in hundredths).</summary>
    [Range(0.0, 1.0)]
    public double NotModifiedCost { get; set; } = 0.1;
}
