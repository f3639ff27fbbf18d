using RecordsApi.Infrastructure.Auth;
using RecordsApi.Infrastructure.Docs;

namespace RecordsApi.Keys;

internal sealed class ApiKeyRequestExample : ApiExample<ApiKeyRequest>
{
    public override ApiKeyRequest Example { get; } = new("ci-bot", ApiKeyScope.Write);
}

internal sealed class ApiKeyInfoExample : ApiExample<ApiKeyInfo>
{
    public override ApiKeyInfo Example { get; } = new(
        "k7m2q9xa", "ci-bot", ApiKeyScope.Write, new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc), "admin", null, null, null);
}
