namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>
/// The idempotency key a request holds while its handler runs, kept on the request (<see cref="Of"/>).
/// Just before a write commits, <see cref="StoreAnswerAsync"/> stores its response in the write's own
/// transaction, so a write that committed always has its response to replay, whatever crashes or retries
/// happen; and it fences the write: if a retry took the key over meanwhile, the store finds the key no
/// longer this attempt's and the write fails instead of committing a second time. (Until issue 15 a
/// separate statement after the revision did the fencing and stamped the key with the revision; the store
/// now stamps it, and a keyed write is one round trip shorter.)
/// </summary>
public sealed record IdempotencyClaim(string Scope, string Key, Guid Attempt)
{
    /// <summary>The request that holds the key: its answer is rendered from it.</summary>
    internal HttpContext? Request { get; init; }

    /// <summary>The answer stored with the write, once <see cref="StoreAnswerAsync"/> has run; the request sends exactly it.</summary>
    internal CapturedResponse? StoredAnswer { get; private set; }

    /// <summary>The claim of this request, if it sent an Idempotency-Key to an endpoint that takes one.</summary>
    public static IdempotencyClaim? Of(HttpContext http) => http.Features.Get<IdempotencyClaim>();

    /// <summary>
    /// In a write's transaction, just before it commits: renders <paramref name="answer"/> and stores it as the
    /// key's response, stamped with <paramref name="revision"/> (the last revision the write appended, if any),
    /// so the commit makes the write and its replayable response durable together. Fails the write if a retry
    /// took the key over.
    /// </summary>
    public async Task StoreAnswerAsync(IResult answer, IDbConnection connection, IDbTransaction transaction, long? revision, CancellationToken cancellationToken)
    {
        var http = Request ?? throw new InvalidOperationException("The claim was made without its request.");
        var response = await CapturedResponse.CaptureAsync(http, answer);
        var held = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE idempotency_keys
            SET status = @Status, headers = @Headers::jsonb, body = @Body, completed_at = now(), applied_revision = @revision
            WHERE scope = @Scope AND key = @Key AND attempt = @Attempt AND completed_at IS NULL
            """,
            new { Scope, Key, Attempt, response.Status, Headers = response.HeadersJson(), response.Body, revision },
            transaction,
            cancellationToken: cancellationToken));
        if (held == 0)
        {
            throw new IdempotencyKeySupersededException();
        }

        StoredAnswer = response;
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
