using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Api;

/// <summary>The pages <see cref="ReadCacheMiddleware"/> keeps, bounded by <see cref="ReadCacheOptions.MaxBytes"/>; one per app.</summary>
internal sealed class ReadCache(IOptions<ReadCacheOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.MaxBytes });

    public ReadCacheEntry? Get(string key) => _cache.TryGetValue(key, out ReadCacheEntry? entry) ? entry : null;

    public void Set(string key, ReadCacheEntry entry) =>
        _cache.Set(key, entry, new MemoryCacheEntryOptions
        {
            Size = entry.Body.Length + (2L * key.Length),
            AbsoluteExpirationRelativeToNow = options.Value.StaleIfError,
        });

    public void Dispose() => _cache.Dispose();
}
