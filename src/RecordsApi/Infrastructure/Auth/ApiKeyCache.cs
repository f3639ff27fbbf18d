using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RecordsApi.Infrastructure.Auth;

/// <summary>
/// The keys lately found live, each with the time it was looked up, so that a keyed request costs no
/// lookup of its own (docs/performance.md, change 9 and "Writes"). How old a lookup a request accepts depends
/// on what it does: a read (where a key only chooses the rate budget) one of up to
/// <see cref="ApiKeyOptions.ReadCacheDuration"/>, a write one of up to <see cref="ApiKeyOptions.WriteCacheDuration"/>,
/// key management none (it always asks the database). So a key revoked elsewhere (the CLI, another
/// instance) is refused by writes within the write window; one revoked through this instance is
/// forgotten at once (<see cref="Forget"/>). Only live keys are remembered, by the hash of their secret,
/// never the secret. Time comes from the <see cref="TimeProvider"/>, so tests move a clock instead of waiting.
/// </summary>
public sealed class ApiKeyCache(IOptions<ApiKeyOptions> options, TimeProvider time)
{
    /// <summary>The most keys remembered at once; at the limit the expired ones go, and if none has expired, all.</summary>
    public const int MaxKeys = 10_000;

    private readonly ApiKeyOptions settings = options.Value;
    private readonly ConcurrentDictionary<string, (ApiKeyHolder Holder, DateTimeOffset CheckedAt)> keys = new(StringComparer.Ordinal);

    // Bumped by Forget: a lookup that began before a revocation here must not put its answer back afterwards.
    private long generation;

    /// <summary>How old a lookup a read may rely on.</summary>
    public TimeSpan ReadWindow => settings.ReadCacheDuration;

    /// <summary>How old a lookup a write may rely on.</summary>
    public TimeSpan WriteWindow => settings.WriteCacheDuration;

    /// <summary>
    /// The holder of this key if it was found live less than <paramref name="window"/> ago, else what
    /// <paramref name="lookUp"/> finds (remembered if live). A zero window always looks the key up.
    /// </summary>
    public async Task<ApiKeyHolder?> FindAsync(ApiKeySecret key, TimeSpan window, Func<Task<ApiKeyHolder?>> lookUp)
    {
        var hash = Convert.ToBase64String(key.Hash);
        var now = time.GetUtcNow();
        if (window > TimeSpan.Zero && keys.TryGetValue(hash, out var remembered) && now - remembered.CheckedAt < window)
        {
            return remembered.Holder;
        }

        var before = Interlocked.Read(ref generation);
        var holder = await lookUp();
        if (holder is null)
        {
            keys.TryRemove(hash, out _);
            return null;
        }

        if (Longest > TimeSpan.Zero)
        {
            if (keys.Count >= MaxKeys)
            {
                Compact(now);
            }

            keys[hash] = (holder, now);
            if (Interlocked.Read(ref generation) != before)
            {
                // A revocation through this instance happened during the lookup: its answer may be stale.
                keys.TryRemove(hash, out _);
            }
        }

        return holder;
    }

    /// <summary>Forgets every key, so a key just revoked here is refused by its next request of any kind.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref generation);
        keys.Clear();
    }

    private TimeSpan Longest => settings.ReadCacheDuration > settings.WriteCacheDuration ? settings.ReadCacheDuration : settings.WriteCacheDuration;

    private void Compact(DateTimeOffset now)
    {
        foreach (var (hash, entry) in keys)
        {
            if (now - entry.CheckedAt >= Longest)
            {
                keys.TryRemove(hash, out _);
            }
        }

        if (keys.Count >= MaxKeys)
        {
            keys.Clear();
        }
    }
}
