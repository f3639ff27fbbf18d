namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>How long idempotency keys live (configuration section "Idempotency").</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key and its stored response are kept; a retry within it gets the stored response.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a key stays locked by an attempt that never finished (its instance died) before a
    /// retry may take it over. Taking over is safe at any time: the write of a superseded attempt
    /// cannot commit (see <see cref="IdempotencyClaim"/>); this only bounds how long retries get 409.
    /// </summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often expired keys are deleted.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
