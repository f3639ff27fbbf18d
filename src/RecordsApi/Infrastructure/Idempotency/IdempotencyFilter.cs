using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Infrastructure.Telemetry;

namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>
/// Makes a POST carrying Idempotency-Key safe to retry: the first attempt runs and its response is
/// stored (by a write, in its own transaction); a retry with the same key and request gets that response
/// again (Idempotent-Replayed: true); the same key with another request is a 422; a retry while the first
/// still runs is a 409 whose Retry-After is when the key may be taken over. Requests without the header run as usual.
/// </summary>
internal static partial class IdempotencyFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return await next(context);
        }

        if (values.Count > 1 || !IsValidKey(values[0]))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                detail: $"{HeaderName} must be one value of 1 to {MaxKeyLength} printable ASCII characters, such as a UUID.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [HeaderName] = ["Invalid key."] } });
        }

        var key = values[0]!;
        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var state = await store.ClaimAsync(Scope(http), key, RequestHash(context), http.RequestAborted);
        switch (state)
        {
            case KeyState.Claimed claimed:
                return await RunAsync(context, next, store, claimed.Claim with { Request = http });
            case KeyState.Replay replay:
                return Replay(http, replay.Response);
            case KeyState.Mismatch:
                return ApiProblems.Problem(
                    ProblemTypes.IdempotencyKeyReused, $"The {HeaderName} '{key}' was already used for a different request (another method, path or body). "
                        + "A retry must repeat the request exactly; a new request needs a new key.");
            case KeyState.AppliedWithoutResponse applied:
                return ApiProblems.Problem(
                    ProblemTypes.IdempotencyResponseLost,
                    $"The request with this {HeaderName} was applied (it changed /v1/{applied.Resource}/{applied.Id}), but the service "
                        + "failed before it could record the response. Do not send it again: GET that resource to see the result.");
            case KeyState.InProgress inProgress:
                // No later than this, the key is answered or free to take over: the window never outlasts the Retry-After.
                http.Response.Headers.RetryAfter = inProgress.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ApiProblems.Problem(
                    ProblemTypes.IdempotencyKeyInProgress,
                    $"A request with this {HeaderName} is still being processed. Retry after the seconds in Retry-After to get its response.");
            default:
                throw new UnreachableException($"Unknown idempotency key state {state}.");
        }
    }

    /// <summary>The one place a stored response is answered again (Idempotent-Replayed: true).</summary>
    private static CapturedResponse Replay(HttpContext http, CapturedResponse stored)
    {
        http.RequestServices.GetRequiredService<ApiMetrics>().IdempotentReplay();
        return stored;
    }

    /// <summary>For a POST that takes no key: without one it runs; with one it is a 400 that says why.</summary>
    public static async ValueTask<object?> RefuseKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string reason) =>
        context.HttpContext.Request.Headers.ContainsKey(HeaderName)
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                detail: $"This operation does not take {HeaderName}: {reason} Send it without the header.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [HeaderName] = ["Not accepted here."] } })
            : await next(context);

    private static async Task<object?> RunAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, IdempotencyStore store, IdempotencyClaim claim)
    {
        var http = context.HttpContext;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdempotencyFilter));
        CapturedResponse response;
        http.Features.Set(claim);
        try
        {
            var result = await next(context);
            // A write stored its answer in its own transaction: send exactly that. Otherwise capture it now.
            response = claim.StoredAnswer ?? await CapturedResponse.CaptureAsync(http, result);
        }
        catch (IdempotencyKeySupersededException)
        {
            // The key belongs to the retry now, and this attempt's write was rolled back: leave the key alone.
            return ApiProblems.Problem(
                ProblemTypes.IdempotencyKeySuperseded,
                $"This request took so long that a retry with the same {HeaderName} took over. Its changes were rolled back; "
                    + "the retry's response is the one that counts.");
        }
        catch
        {
            await SafelyAsync(() => store.ReleaseAsync(claim), logger, claim);
            throw;
        }
        finally
        {
            http.Features.Set<IdempotencyClaim>(null);
        }

        if (claim.StoredAnswer is null)
        {
            // Nothing was written, so nothing is lost if this fails: the key then stays locked until abandoned.
            await SafelyAsync(() => response.IsFinal ? store.CompleteAsync(claim, response) : store.ReleaseAsync(claim), logger, claim);
        }

        return response;
    }

    private static async Task SafelyAsync(Func<Task> action, ILogger logger, IdempotencyClaim claim)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception))
        {
            LogKeyNotRecorded(logger, claim.Key, exception.Message);
        }
    }

    /// <summary>Printable ASCII (space to tilde), 1 to 255 characters, not only spaces.</summary>
    private static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~') && !string.IsNullOrWhiteSpace(key);

    /// <summary>Keys are the caller's own: two callers using the same key never see each other's responses.</summary>
    private static string Scope(HttpContext http) => http.User.Identity?.Name ?? "anonymous";

    /// <summary>
    /// SHA-256 of the method, path, query and the body as parsed, re-serialised: a retry that spaces or
    /// orders its JSON differently is the same request; one that changes any value is not.
    /// </summary>
    private static byte[] RequestHash(EndpointFilterInvocationContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.PathBase}{request.Path}{request.QueryString}\n"));
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } bodyType
            && context.Arguments.FirstOrDefault(bodyType.IsInstanceOfType) is { } body)
        {
            var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(body, bodyType, json));
        }

        return hash.GetHashAndReset();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the outcome of idempotency key {Key}: {Reason}")]
    private static partial void LogKeyNotRecorded(ILogger logger, string key, string reason);
}
