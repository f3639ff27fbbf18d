using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace RecordsApi.Infrastructure.Auth;

/// <summary>
/// The keys that lately authenticated reads, remembered for <see cref="ApiKeyOptions.ReadCacheDuration"/>
/// so that a keyed read costs no lookup of its own (docs/performance.md). On a read a key only chooses
/// the rate budget, so the worst a key revoked elsewhere can do in that time is read on the keyed budget;
/// every write and every request to /v1/keys still asks the database. Only live keys are remembered, by
/// the hash of their secret, never the secret; a revocation through this instance forgets them all.
/// </summary>
public sealed class ReadKeyCache(IOptions<ApiKeyOptions> options) : IDisposable
{
    /// <summary>The most keys remembered at once; at the limit the cache compacts, dropping the least recently used.</summary>
    public const int MaxKeys = 10_000;

    private readonly TimeSpan duration = options.Value.ReadCacheDuration;
    private readonly MemoryCache keys = new(new MemoryCacheOptions { SizeLimit = MaxKeys });

    /// <summary>The holder of this key if it was live a moment ago, else what <paramref name="lookUp"/> finds (remembered if live).</summary>
    public async Task<ApiKeyHolder?> FindAsync(ApiKeySecret key, Func<Task<ApiKeyHolder?>> lookUp)
    {
        if (duration <= TimeSpan.Zero)
        {
            return await lookUp();
        }

        var hash = Convert.ToBase64String(key.Hash);
        if (keys.TryGetValue(hash, out ApiKeyHolder? holder))
        {
            return holder;
        }

        holder = await lookUp();
        if (holder is not null)
        {
            keys.Set(hash, holder, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = duration, Size = 1 });
        }

        return holder;
    }

    /// <summary>Forgets every key, so a key just revoked here earns nothing more even on reads.</summary>
    public void Forget() => keys.Clear();

    public void Dispose() => keys.Dispose();
}
