using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace RecordsApi.Client;

/// <summary>
/// Retries on 429 (the budget is spent) and 503 (the service cannot reach its database), after the
/// Retry-After the service sent. Nothing else is retried: any other answer is the service's word on
/// the request. Creates are safe to retry because each carries its own Idempotency-Key.
/// </summary>
internal static class Retries
{
    public static HttpRetryStrategyOptions Strategy(RecordsApiClientOptions options) => new()
    {
        Name = "records-api-retry",
        MaxRetryAttempts = Math.Max(1, options.MaxRetries),
        Delay = options.RetryDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = false,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Result, options)),
    };

    private static bool ShouldRetry(HttpResponseMessage? response, RecordsApiClientOptions options) =>
        options.MaxRetries > 0
        && response?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
        && (Problem.RetryAfter(response) is not { } wait || wait <= options.MaxRetryAfter);
}
