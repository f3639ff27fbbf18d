using System.Data;
using Dapper;

namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>
/// The idempotency key the current request holds while its handler runs. Every write appends its
/// revision through <see cref="Revisions.RevisionLog"/>, which calls <see cref="RecordWriteAsync"/> in
/// the write's own transaction: that stamps the key with the revision (so a response lost after the
/// commit is known to be applied) and fences the write (if a retry has taken the key over meanwhile,
/// the write fails instead of committing a second time). So a key is applied at most once, whatever
/// crashes or retries happen, without any code in the resources.
/// </summary>
public sealed record IdempotencyClaim(string Scope, string Key, Guid Attempt)
{
    private static readonly AsyncLocal<IdempotencyClaim?> Held = new();

    /// <summary>The claim of the request running on this async flow, if it sent an Idempotency-Key.</summary>
    public static IdempotencyClaim? Current
    {
        get => Held.Value;
        internal set => Held.Value = value;
    }

    /// <summary>In a write's transaction, after it appended the revision with id <paramref name="revision"/>: ties the key to it, or fails the write.</summary>
    public static async Task RecordWriteAsync(IDbConnection connection, IDbTransaction transaction, long revision)
    {
        if (Current is not { } claim)
        {
            return;
        }

        var held = await connection.ExecuteAsync(
            """
            UPDATE idempotency_keys SET applied_revision = coalesce(applied_revision, @revision)
            WHERE scope = @Scope AND key = @Key AND attempt = @Attempt AND completed_at IS NULL
            """,
            new { claim.Scope, claim.Key, claim.Attempt, revision },
            transaction);
        if (held == 0)
        {
            throw new IdempotencyKeySupersededException();
        }
    }
}

/// <summary>The request's key was taken over by a retry while it ran, so its write must not commit.</summary>
public sealed class IdempotencyKeySupersededException : Exception
{
    public IdempotencyKeySupersededException()
        : base("A retry with the same Idempotency-Key took over this request's key; its write was rolled back.")
    {
    }

    public IdempotencyKeySupersededException(string message)
        : base(message)
    {
    }

    public IdempotencyKeySupersededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
