using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ModelHub.Upstream.Tests.Support;

/// <summary>Stands in for Redis: one store that several hosts share, and a count of what was written.</summary>
internal sealed class SharedDistributedCache : IDistributedCache
{
    private readonly MemoryDistributedCache _store = new(Options.Create(new MemoryDistributedCacheOptions()));
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    public byte[]? Get(string key) => _store.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => _store.GetAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        Interlocked.Increment(ref _writes);
        _store.Set(key, value, options);
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Interlocked.Increment(ref _writes);
        return _store.SetAsync(key, value, options, token);
    }

    public void Refresh(string key) => _store.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => _store.RefreshAsync(key, token);

    public void Remove(string key) => _store.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => _store.RemoveAsync(key, token);
}
