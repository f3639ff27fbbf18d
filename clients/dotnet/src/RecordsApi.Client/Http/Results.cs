using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace RecordsApi.Client;

/// <summary>What a response said besides its body: the headers a client acts on.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ETag">The validator to send back as If-Match (writes) or If-None-Match (reads), exactly as sent.</param>
/// <param name="Location">Where a created resource lives, made absolute.</param>
/// <param name="IdempotentReplayed">True when this is the stored answer to an earlier create with the same Idempotency-Key.</param>
/// <param name="RateLimit">What is left of the caller's budget, when the service said.</param>
public sealed record ResponseInfo(HttpStatusCode Status, string? ETag, Uri? Location, bool IdempotentReplayed, RateLimitStatus? RateLimit)
{
    internal static ResponseInfo From(HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        if (location is { IsAbsoluteUri: false } && response.RequestMessage?.RequestUri is { } requestUri)
        {
            location = new Uri(requestUri, location);
        }

        return new ResponseInfo(
            response.StatusCode,
            Header(response, "ETag"),
            location,
            string.Equals(Header(response, "Idempotent-Replayed"), "true", StringComparison.OrdinalIgnoreCase),
            RateLimitStatus.Parse(Header(response, "RateLimit"), Header(response, "RateLimit-Policy")));
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}

/// <summary>
/// The caller's budget from the IETF RateLimit header fields: <c>RateLimit: "keyed-read";r=2999;t=42</c>
/// and <c>RateLimit-Policy: "keyed-read";q=3000;w=60</c>.
/// </summary>
/// <param name="Policy">The budget that applies, such as anonymous-read or keyed-write.</param>
/// <param name="Remaining">Requests left in the current window.</param>
/// <param name="ResetIn">Until the window resets.</param>
/// <param name="Quota">Requests allowed per window, when RateLimit-Policy was sent.</param>
/// <param name="Window">The window's length, when RateLimit-Policy was sent.</param>
public sealed partial record RateLimitStatus(string Policy, int Remaining, TimeSpan ResetIn, int? Quota, TimeSpan? Window)
{
    internal static RateLimitStatus? Parse(string? rateLimit, string? policy)
    {
        if (rateLimit is null || Item().Match(rateLimit) is not { Success: true } limit
            || Number(limit, "r") is not { } remaining || Number(limit, "t") is not { } reset)
        {
            return null;
        }

        var name = limit.Groups["name"].Value;
        // The policy of the same name: a response may list several.
        var quota = policy is null ? null : Item().Matches(policy).FirstOrDefault(m => m.Groups["name"].Value == name);
        return new RateLimitStatus(
            name,
            remaining,
            TimeSpan.FromSeconds(reset),
            quota is null ? null : Number(quota, "q"),
            quota is not null && Number(quota, "w") is { } window ? TimeSpan.FromSeconds(window) : null);
    }

    private static int? Number(Match item, string parameter)
    {
        var match = Regex.Match(item.Groups["params"].Value, $";\\s*{parameter}=(\\d+)");
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    [GeneratedRegex("\"(?<name>[^\"]*)\"(?<params>(;\\s*[a-z]+=[^;,]*)*)")]
    private static partial Regex Item();
}

/// <summary>A response body with the headers that came with it.</summary>
public sealed record ApiResult<T>(T Value, ResponseInfo Response)
{
    public HttpStatusCode Status => Response.Status;

    /// <summary>Send it as If-Match to change this version, or as If-None-Match to ask whether it changed.</summary>
    public string? ETag => Response.ETag;

    public Uri? Location => Response.Location;

    public bool IdempotentReplayed => Response.IdempotentReplayed;

    public RateLimitStatus? RateLimit => Response.RateLimit;
}

/// <summary>
/// The answer to a GET with If-None-Match: either <see cref="IsNotModified"/> (304, no body: what the
/// caller holds is current) or the new representation in <see cref="Value"/> with its new ETag.
/// </summary>
public sealed record ConditionalResult<T>(bool IsNotModified, T? Value, ResponseInfo Response)
{
    public string? ETag => Response.ETag;

    public RateLimitStatus? RateLimit => Response.RateLimit;

    /// <summary>The new representation, when there is one.</summary>
    public bool TryGetValue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
    {
        value = Value;
        return !IsNotModified && value is not null;
    }
}
