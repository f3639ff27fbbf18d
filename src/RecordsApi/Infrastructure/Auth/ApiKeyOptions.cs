namespace RecordsApi.Infrastructure.Auth;

/// <summary>How the service checks API keys (configuration section "ApiKeys").</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "ApiKeys";

    /// <summary>
    /// How long a key found live is trusted by requests needing no authorization (reads, where a key only
    /// chooses the rate budget) before it is looked up again. Zero: every keyed read looks its key up.
    /// </summary>
    public TimeSpan ReadCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a key found live is trusted by writes before it is looked up again: the longest a key
    /// revoked elsewhere (the CLI, another instance) can still write. Key management always asks the
    /// database, and a revocation through an instance is seen by that instance at once. Zero: every
    /// write looks its key up.
    /// </summary>
    public TimeSpan WriteCacheDuration { get; set; } = TimeSpan.FromSeconds(2);
}
