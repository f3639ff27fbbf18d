namespace RecordsApi.Infrastructure.Problems;

/// <summary>
/// One kind of problem: the <c>type</c> URI a program switches on, the status it comes with, and a
/// title that is the same for every problem of the kind (RFC 9457 §3.1). docs/errors.md lists them.
/// </summary>
public sealed record ProblemType(string Name, int Status, string Title, string Description)
{
    /// <summary>
    /// Absolute, as RFC 9457 §3.1.1 recommends, and the same from every deployment, so a client can
    /// compare it as a string. It is a name, not a link the service serves: docs/errors.md documents each.
    /// </summary>
    public const string Base = "https://records-api.dev/problems/";

    public string Uri => Base + Name;
}

/// <summary>Every kind of problem the service answers with; a new kind is added here and in docs/errors.md.</summary>
public static class ProblemTypes
{
    public static readonly ProblemType Validation = new("validation", 400, "The request is not valid",
        "A field, query parameter or header is missing, malformed or out of range, or the body is not the JSON the operation takes. `errors` maps each one (by its JSON name) to what is wrong with it. Fix them and send again.");

    public static readonly ProblemType MalformedRequest = new("malformed-request", 400, "The request cannot be read",
        "The request could not be read at all, such as a write without a body. `detail` says what is missing. Check the request against the OpenAPI document.");

    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "An API key is needed",
        "The operation needs an API key and none was sent; or the X-Api-Key header holds a malformed, unknown or revoked key, which is refused on every request, reads included. `detail` says which; WWW-Authenticate names the scheme.");

    public static readonly ProblemType Forbidden = new("forbidden", 403, "The API key's scope is not enough",
        "The key is valid but its scope does not allow the operation (a write key on /v1/keys or /v1/import needs admin).");

    public static readonly ProblemType NotFound = new("not-found", 404, "Not found",
        "Nothing has this id, slug, prefix or name, it was deleted, or the path is not one of the API's.");

    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed",
        "The path exists but does not take this method; the Allow header lists the ones it does.");

    public static readonly ProblemType NotAcceptable = new("not-acceptable", 406, "Not acceptable",
        "The Accept header asks for a representation the service cannot give; it answers JSON.");

    public static readonly ProblemType SlugTaken = new("slug-taken", 409, "The slug is taken",
        "Another resource of the same kind has (or had: slugs of deleted resources stay taken) this slug. Choose another, or omit it on create to have one made.");

    public static readonly ProblemType ReferencedBy = new("referenced-by", 409, "The resource is still referenced",
        "A delete was refused because other resources still refer to this one (a person on a crew or a holding, a mission in a holding); `detail` names them. Remove those references first.");

    public static readonly ProblemType KeyNameTaken = new("key-name-taken", 409, "The key name is taken",
        "A live API key already has this name. Choose another, or revoke that key first.");

    public static readonly ProblemType FirstHeldOnce = new("first-held-once", 409, "A 'first' record has exactly one holding",
        "A record of category first already has its holding, or a record with several holdings cannot become a first.");

    public static readonly ProblemType IdempotencyKeyInProgress = new("idempotency-key-in-progress", 409, "A request with this Idempotency-Key is still running",
        "The first request with this key has not finished. Retry after the seconds in Retry-After to get its response.");

    public static readonly ProblemType IdempotencyResponseLost = new("idempotency-response-lost", 409, "The request was applied but its response was not kept",
        "The request with this Idempotency-Key was carried out, but the service failed before it recorded the response. Do not send it again: `detail` names the resource to GET.");

    public static readonly ProblemType IdempotencyKeySuperseded = new("idempotency-key-superseded", 409, "A retry took over this Idempotency-Key",
        "This attempt took so long that a retry with the same key took over; this attempt's changes were rolled back and the retry's response is the one that counts.");

    public static readonly ProblemType Conflict = new("conflict", 409, "The change conflicts with the current state",
        "The change cannot be made as things stand; `detail` says why.");

    public static readonly ProblemType PreconditionFailed = new("precondition-failed", 412, "The resource has changed",
        "If-Match does not hold the resource's current ETag: someone changed it since you read it. GET it again, reapply your change and retry.");

    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "The request body is too large",
        "The body is larger than the operation accepts (64 KiB by default, 32 MiB for /v1/import); `detail` gives the limit.");

    public static readonly ProblemType UriTooLong = new("uri-too-long", 414, "The request target is too long",
        "The path and query are longer than the service accepts (4096 characters by default). Send fewer or shorter query parameters.");

    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported media type",
        "The body is not in a media type the operation takes: application/json, or application/x-ndjson for /v1/import.");

    public static readonly ProblemType IdempotencyKeyReused = new("idempotency-key-reused", 422, "The Idempotency-Key was used for another request",
        "The same key came with a different method, path or body. A retry must repeat the request exactly; a new request needs a new key.");

    public static readonly ProblemType UnknownReference = new("unknown-reference", 422, "A referenced resource does not exist",
        "The body names a mission or person that does not exist (or names a person twice); `errors` says which.");

    public static readonly ProblemType NotAliveAtFlight = new("not-alive-at-flight", 422, "The person could not have flown",
        "The person was born after, or died before, the day of the flight they are put on.");

    public static readonly ProblemType Unprocessable = new("unprocessable", 422, "The request cannot be carried out",
        "The request is well-formed but cannot be carried out; `detail` says why.");

    public static readonly ProblemType PreconditionRequired = new("precondition-required", 428, "If-Match is required",
        "The write needs If-Match with the ETag from your last GET, so that a change made meanwhile is not overwritten.");

    public static readonly ProblemType RateLimited = new("rate-limited", 429, "Too many requests",
        "The client's budget for this window is used up. Wait the seconds in Retry-After; RateLimit and RateLimit-Policy say where the budget stands.");

    public static readonly ProblemType RequestHeadersTooLarge = new("request-headers-too-large", 431, "The request's header fields are too large",
        "The header fields together are larger than the service accepts (16 KiB by default).");

    public static readonly ProblemType ClientClosedRequest = new("client-closed-request", 499, "Client closed request",
        "The client went away before the answer was ready; nobody reads this one.");

    public static readonly ProblemType InternalError = new("internal-error", 500, "Internal server error",
        "An unexpected failure; its details are in the service's log under the traceId. Quote the traceId when you report it.");

    public static readonly ProblemType DatabaseUnavailable = new("database-unavailable", 503, "The database is unavailable",
        "The service cannot reach its database right now (down, restarting, or every connection busy). Retry after the seconds in Retry-After; the service recovers by itself.");

    public static readonly ProblemType Timeout = new("timeout", 503, "The request took too long",
        "The request ran past the service's time limit (10 s by default) and was stopped. Retry after the seconds in Retry-After; after a write, GET the resource first to see whether the change was made.");

    public static readonly ProblemType Unavailable = new("unavailable", 503, "Service unavailable",
        "The service cannot answer right now. Retry after the seconds in Retry-After.");

    /// <summary>Every kind, in the order docs/errors.md lists them (by status).</summary>
    public static readonly IReadOnlyList<ProblemType> All =
    [
        Validation, MalformedRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, NotAcceptable,
        SlugTaken, ReferencedBy, KeyNameTaken, FirstHeldOnce, IdempotencyKeyInProgress, IdempotencyResponseLost, IdempotencyKeySuperseded, Conflict,
        PreconditionFailed, PayloadTooLarge, UriTooLong, UnsupportedMediaType,
        IdempotencyKeyReused, UnknownReference, NotAliveAtFlight, Unprocessable,
        PreconditionRequired, RateLimited, RequestHeadersTooLarge, ClientClosedRequest, InternalError,
        DatabaseUnavailable, Timeout, Unavailable,
    ];

    private static readonly Dictionary<string, ProblemType> ByUri = All.ToDictionary(kind => kind.Uri, StringComparer.Ordinal);

    /// <summary>The kind a problem of this status is when nothing more specific was said (the status's general kind).</summary>
    public static ProblemType ForStatus(int status) => status switch
    {
        400 => Validation,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        406 => NotAcceptable,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        414 => UriTooLong,
        415 => UnsupportedMediaType,
        422 => Unprocessable,
        428 => PreconditionRequired,
        429 => RateLimited,
        431 => RequestHeadersTooLarge,
        499 => ClientClosedRequest,
        503 => Unavailable,
        _ => InternalError,
    };

    /// <summary>The kind a type URI names, if it is one of ours.</summary>
    public static ProblemType? Find(string? uri) => uri is not null && ByUri.TryGetValue(uri, out var kind) ? kind : null;
}
