namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>How long idempotency keys live and how much they may hold (configuration section "Idempotency").</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key and its stored response are kept; a retry within it gets the stored response.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a key stays locked by an attempt that has not finished (still running, or its instance or
    /// database died) before a retry may take it over; the 409 for a key in progress sends the seconds left
    /// of it as Retry-After. Taking over is safe at any time: the write of a superseded attempt cannot commit
    /// (see <see cref="IdempotencyClaim"/>). The default is the Retry-After of a 503, so a retry that waits as
    /// a 503 told it never finds the key of its own failed attempt still locked.
    /// </summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most response bytes the stored keys of one caller (one API key) may hold; beyond it the caller's
    /// oldest answered keys are evicted at the next clean-up, before their retention ends.
    /// </summary>
    public long MaxBytesPerCaller { get; set; } = 64L * 1024 * 1024;

    /// <summary>How often expired keys are deleted and callers over <see cref="MaxBytesPerCaller"/> trimmed.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);
}
