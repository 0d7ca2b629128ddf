using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>
/// The Redis second level of <c>HybridCache</c>, behind the <see cref="RedisCircuit"/>: while Redis is
/// unreachable a read is a miss and a write or removal is skipped, at once. (HybridCache would survive the
/// exceptions too, but only after each call had waited for its timeout.) An invalidation skipped during
/// an outage leaves at most an entry's own lifetime of staleness in Redis, and a restarted Redis is empty.
/// </summary>
internal sealed class SkippableRedisCache(IBufferDistributedCache inner, RedisCircuit circuit) : IBufferDistributedCache
{
    public byte[]? Get(string key) => Run(() => inner.Get(key), null);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => circuit.RunAsync(_ => inner.GetAsync(key, token), null);

    public bool TryGet(string key, IBufferWriter<byte> destination) => Run(() => inner.TryGet(key, destination), false);

    public ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default) =>
        new(circuit.RunAsync(_ => inner.TryGetAsync(key, destination, token).AsTask(), false));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Run(() => inner.Set(key, value, options));

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        circuit.RunAsync(_ => inner.SetAsync(key, value, options, token));

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) => Run(() => inner.Set(key, value, options));

    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        new(circuit.RunAsync(_ => inner.SetAsync(key, value, options, token).AsTask()));

    public void Refresh(string key) => Run(() => inner.Refresh(key));

    public Task RefreshAsync(string key, CancellationToken token = default) => circuit.RunAsync(_ => inner.RefreshAsync(key, token));

    public void Remove(string key) => Run(() => inner.Remove(key));

    public Task RemoveAsync(string key, CancellationToken token = default) => circuit.RunAsync(_ => inner.RemoveAsync(key, token));

    private T Run<T>(Func<T> call, T fallback)
    {
        if (!circuit.Admits())
        {
            return fallback;
        }

        try
        {
            var result = call();
            circuit.Reset();
            return result;
        }
        catch (Exception e) when (RedisCircuit.IsRedisFailure(e))
        {
            circuit.Trip(e);
            return fallback;
        }
    }

    private void Run(Action call) => Run(() =>
    {
        call();
        return true;
    }, false);
}
