using Microsoft.Extensions.Options;

namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>The SQL of idempotency keys. PostgreSQL holds them, so every instance of the service sees the same keys.</summary>
internal sealed class IdempotencyStore(NpgsqlDataSource db, IOptions<IdempotencyOptions> options)
{
    /// <summary>
    /// Takes the key for a new attempt, atomically: a new key, an expired one, or one whose attempt
    /// was abandoned with the same request (never one that has applied its write). Returns the
    /// attempt when taken; otherwise the key as it stands.
    /// </summary>
    public async Task<KeyState> ClaimAsync(string scope, string key, byte[] requestHash, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // A key can be released between the INSERT and the SELECT; then simply try again.
        for (var tries = 0; tries < 3; tries++)
        {
            var attempt = Guid.NewGuid();
            var taken = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                """
                INSERT INTO idempotency_keys AS k (scope, key, request_hash, attempt)
                VALUES (@scope, @key, @requestHash, @attempt)
                ON CONFLICT (scope, key) DO UPDATE
                SET request_hash = excluded.request_hash, attempt = excluded.attempt, created_at = now(),
                    applied_revision = NULL, status = NULL, headers = NULL, body = NULL, completed_at = NULL
                WHERE k.created_at < now() - @retention
                   OR (k.completed_at IS NULL AND k.applied_revision IS NULL
                       AND k.created_at < now() - @abandonAfter AND k.request_hash = excluded.request_hash)
                RETURNING attempt
                """,
                new { scope, key, requestHash, attempt, options.Value.Retention, options.Value.AbandonAfter },
                cancellationToken: cancellationToken));
            if (taken == attempt)
            {
                return new KeyState.Claimed(new IdempotencyClaim(scope, key, attempt));
            }

            var existing = await connection.QuerySingleOrDefaultAsync<ExistingKey>(new CommandDefinition(
                """
                SELECT k.request_hash, k.status, k.headers::text AS headers, k.body, k.completed_at IS NOT NULL AS completed,
                       k.created_at < now() - @abandonAfter AS abandoned, r.resource AS applied_resource, r.resource_id AS applied_id,
                       ceil(extract(epoch FROM k.created_at + @abandonAfter - now()))::int AS seconds_left
                FROM idempotency_keys k LEFT JOIN revisions r ON r.id = k.applied_revision
                WHERE k.scope = @scope AND k.key = @key
                """,
                new { scope, key, options.Value.AbandonAfter },
                cancellationToken: cancellationToken));
            if (existing is not null)
            {
                return existing.ToState(requestHash);
            }
        }

        return new KeyState.InProgress(1);
    }

    /// <summary>Stores the response of the attempt that holds the key, when it wrote nothing (a write stores its own, see <see cref="IdempotencyClaim.StoreAnswerAsync"/>).</summary>
    public async Task CompleteAsync(IdempotencyClaim claim, CapturedResponse response)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE idempotency_keys SET status = @Status, headers = @Headers::jsonb, body = @Body, completed_at = now()
            WHERE scope = @Scope AND key = @Key AND attempt = @Attempt AND completed_at IS NULL
            """,
            new { claim.Scope, claim.Key, claim.Attempt, response.Status, Headers = response.HeadersJson(), response.Body });
    }

    /// <summary>
    /// After a failure with no response worth keeping: frees the key for a retry at once if nothing was
    /// applied. A key whose write committed has its response (stored in that write's transaction) and is
    /// left alone; one applied without a response (left by an earlier version) is marked so retries are told so.
    /// </summary>
    public async Task ReleaseAsync(IdempotencyClaim claim)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            WITH released AS (
                DELETE FROM idempotency_keys
                WHERE scope = @Scope AND key = @Key AND attempt = @Attempt AND applied_revision IS NULL AND status IS NULL
                RETURNING 1
            )
            UPDATE idempotency_keys SET completed_at = now()
            WHERE scope = @Scope AND key = @Key AND attempt = @Attempt AND applied_revision IS NOT NULL AND completed_at IS NULL
            """,
            claim);
    }

    /// <summary>Deletes the keys past the retention window; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE created_at < now() - @Retention",
            new { options.Value.Retention },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Evicts, for each caller whose answered keys hold more than <see cref="IdempotencyOptions.MaxBytesPerCaller"/>,
    /// its oldest answered keys until the rest fit; returns how many. Keys still in progress hold no response
    /// and are never evicted. A key counts its response body and headers and the key itself.
    /// </summary>
    public async Task<int> EvictOverCapAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM idempotency_keys k
            USING (
                SELECT scope, key, sum(octet_length(body) + octet_length(headers::text) + octet_length(key))
                           OVER (PARTITION BY scope ORDER BY created_at DESC, key) AS held
                FROM idempotency_keys
                WHERE status IS NOT NULL
            ) newer
            WHERE newer.held > @MaxBytesPerCaller AND k.scope = newer.scope AND k.key = newer.key AND k.status IS NOT NULL
            """,
            new { options.Value.MaxBytesPerCaller },
            cancellationToken: cancellationToken));
    }

    private sealed class ExistingKey
    {
        public byte[] RequestHash { get; init; } = [];

        public short? Status { get; init; }

        public string? Headers { get; init; }

        public byte[]? Body { get; init; }

        public bool Completed { get; init; }

        public bool Abandoned { get; init; }

        public string? AppliedResource { get; init; }

        public long? AppliedId { get; init; }

        public int? SecondsLeft { get; init; }

        public KeyState ToState(byte[] requestHash)
        {
            if (!RequestHash.AsSpan().SequenceEqual(requestHash))
            {
                return new KeyState.Mismatch();
            }

            if (Status is { } status)
            {
                return new KeyState.Replay(CapturedResponse.FromStored(status, Headers, Body ?? []));
            }

            // A write stores its response in its own transaction, so a key applied without one is only
            // left by an earlier version of the service, which stored the response after the commit.
            // Anything else is an attempt still running, until it may be taken over.
            return AppliedResource is not null && (Completed || Abandoned)
                ? new KeyState.AppliedWithoutResponse(AppliedResource, AppliedId ?? 0)
                : new KeyState.InProgress(Math.Max(1, SecondsLeft ?? 1));
        }
    }
}

/// <summary>Where a key stands when a request arrives with it.</summary>
internal abstract record KeyState
{
    /// <summary>This request holds the key now: run it.</summary>
    public sealed record Claimed(IdempotencyClaim Claim) : KeyState;

    /// <summary>The key has a stored response for the same request: answer it again.</summary>
    public sealed record Replay(CapturedResponse Response) : KeyState;

    /// <summary>The key was used for a different request.</summary>
    public sealed record Mismatch : KeyState;

    /// <summary>Another attempt with the key is running; a retry may take the key over after <paramref name="RetryAfterSeconds"/>.</summary>
    public sealed record InProgress(int RetryAfterSeconds) : KeyState;

    /// <summary>An earlier attempt committed its write, but its response was lost.</summary>
    public sealed record AppliedWithoutResponse(string Resource, long Id) : KeyState;
}
