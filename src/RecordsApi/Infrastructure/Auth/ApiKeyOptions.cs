namespace RecordsApi.Infrastructure.Auth;

/// <summary>How the service checks API keys (configuration section "ApiKeys").</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "ApiKeys";

    /// <summary>
    /// How long a key that authenticated a request needing no authorization (a read, where a key only
    /// chooses the rate budget) is remembered for further such requests. Writes and key management always
    /// ask the database. Zero turns the memory off.
    /// </summary>
    public TimeSpan ReadCacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}
