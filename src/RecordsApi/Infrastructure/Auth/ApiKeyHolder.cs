using System.Text.Json.Serialization;

namespace RecordsApi.Infrastructure.Auth;

/// <summary>What a key may do: <c>write</c> changes data; <c>admin</c> also manages keys.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApiKeyScope>))]
public enum ApiKeyScope
{
    [JsonStringEnumMemberName("write")] Write,
    [JsonStringEnumMemberName("admin")] Admin,
}

/// <summary>The holder of a key that authenticated a request.</summary>
public sealed record ApiKeyHolder(long Id, string Prefix, string Name, ApiKeyScope Scope);

/// <summary>
/// Finds the live key a request presents. Authentication needs only this; the keys themselves (their
/// table, the CLI and /v1/keys) live in Keys/, which registers the implementation.
/// </summary>
public interface IApiKeyLookup
{
    Task<ApiKeyHolder?> AuthenticateAsync(ApiKeySecret key, CancellationToken cancellationToken);
}
