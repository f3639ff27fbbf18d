using System.Collections.Concurrent;

namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// Keeps the requests of one resource from holding every connection of a pool. Requests are grouped by the
/// first segment of their path (people, missions, records, leaderboards, …): the requests of one group hold at
/// most all but one of a pool's connections at once (<see cref="ShareOf"/>; one of a single-connection pool).
/// So a table that is locked or slow ties up at most its own share, and every other resource's requests still
/// find a connection: a 15 s lock on people no longer takes the missions list down with the people list.
/// A request over its share waits for one of its group's connections to come back as long as it would wait
/// for a connection (Database:ConnectionWait), then answers 503 like a pool with no free connection.
/// Every connection a request opens comes from here (<see cref="PoolShareExtensions.OpenForAsync"/>), reads and writes alike.
/// </summary>
public sealed class PoolShares(DatabaseLimits limits)
{
    private readonly ConcurrentDictionary<(NpgsqlDataSource Pool, string Group), Share> shares = new();

    /// <summary>Most connections of a pool of <paramref name="poolSize"/> that one group of requests may hold.</summary>
    public static int ShareOf(int poolSize) => Math.Max(1, poolSize - 1);

    /// <summary>The group of a request: the first segment of its path after the version (/v1/people/… is people).</summary>
    public static string GroupOf(HttpRequest request)
    {
        var path = request.Path.Value.AsSpan().TrimStart('/');
        if (path.StartsWith("v1/", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        var end = path.IndexOf('/');
        return (end < 0 ? path : path[..end]).ToString();
    }

    /// <summary>Opens a connection of <paramref name="pool"/> for <paramref name="http"/>, within its group's share.</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(NpgsqlDataSource pool, HttpContext http, CancellationToken cancellationToken)
    {
        var group = GroupOf(http.Request);
        var share = shares.GetOrAdd((pool, group), key => new Share(ShareOf(new NpgsqlConnectionStringBuilder(key.Pool.ConnectionString).MaxPoolSize)));
        if (!await share.Slots.WaitAsync(limits.ConnectionWait, cancellationToken))
        {
            throw new PoolShareExhaustedException(
                $"The {group} requests hold their whole share of the pool's connections ({share.Size}) and none came back within {limits.ConnectionWait.TotalSeconds:0.#} s.");
        }

        try
        {
            var connection = await pool.OpenConnectionAsync(cancellationToken);
            var released = 0;
            void ReleaseOnClose(object? sender, StateChangeEventArgs change)
            {
                if (change.CurrentState == ConnectionState.Closed && Interlocked.Exchange(ref released, 1) == 0)
                {
                    connection.StateChange -= ReleaseOnClose;
                    share.Slots.Release();
                }
            }

            connection.StateChange += ReleaseOnClose;
            return connection;
        }
        catch
        {
            share.Slots.Release();
            throw;
        }
    }

    private sealed record Share(int Size)
    {
        public SemaphoreSlim Slots { get; } = new(Size, Size);
    }
}

/// <summary>A request found its group's share of a pool in use for the whole connection wait: a 503, like an exhausted pool.</summary>
public sealed class PoolShareExhaustedException : TimeoutException
{
    public PoolShareExhaustedException()
    {
    }

    public PoolShareExhaustedException(string message)
        : base(message)
    {
    }

    public PoolShareExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>How a request opens a connection of a pool: always within its group's share (<see cref="PoolShares"/>).</summary>
public static class PoolShareExtensions
{
    public static ValueTask<NpgsqlConnection> OpenForAsync(this NpgsqlDataSource pool, HttpContext http, CancellationToken cancellationToken) =>
        http.RequestServices.GetRequiredService<PoolShares>().OpenAsync(pool, http, cancellationToken);
}
