using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RecordsApi.Infrastructure.Auth;

/// <summary>
/// The keys that lately authenticated reads, remembered for <see cref="ApiKeyOptions.ReadCacheDuration"/>
/// so that a keyed read costs no lookup of its own (docs/performance.md). On a read a key only chooses
/// the rate budget, so the worst a key revoked elsewhere can do in that time is read on the keyed budget;
/// every write and every request to /v1/keys still asks the database. Only live keys are remembered, by
/// the hash of their secret, never the secret; a revocation through this instance forgets them all.
/// Time comes from the <see cref="TimeProvider"/>, so tests move a clock instead of waiting.
/// </summary>
public sealed class ReadKeyCache(IOptions<ApiKeyOptions> options, TimeProvider time)
{
    /// <summary>The most keys remembered at once; at the limit the expired ones go, and if none has expired, all.</summary>
    public const int MaxKeys = 10_000;

    private readonly TimeSpan duration = options.Value.ReadCacheDuration;
    private readonly ConcurrentDictionary<string, (ApiKeyHolder Holder, DateTimeOffset Until)> keys = new(StringComparer.Ordinal);

    /// <summary>The holder of this key if it was live a moment ago, else what <paramref name="lookUp"/> finds (remembered if live).</summary>
    public async Task<ApiKeyHolder?> FindAsync(ApiKeySecret key, Func<Task<ApiKeyHolder?>> lookUp)
    {
        if (duration <= TimeSpan.Zero)
        {
            return await lookUp();
        }

        var hash = Convert.ToBase64String(key.Hash);
        var now = time.GetUtcNow();
        if (keys.TryGetValue(hash, out var remembered) && remembered.Until > now)
        {
            return remembered.Holder;
        }

        var holder = await lookUp();
        if (holder is null)
        {
            keys.TryRemove(hash, out _);
            return null;
        }

        if (keys.Count >= MaxKeys)
        {
            Compact(now);
        }

        keys[hash] = (holder, now + duration);
        return holder;
    }

    /// <summary>Forgets every key, so a key just revoked here earns nothing more even on reads.</summary>
    public void Forget() => keys.Clear();

    private void Compact(DateTimeOffset now)
    {
        foreach (var (hash, entry) in keys)
        {
            if (entry.Until <= now)
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
