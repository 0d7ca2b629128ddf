using Medallion.Threading;
using Medallion.Threading.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace ModelHub.ServiceDefaults.Caching;

public static class LockExtensions
{
    /// <summary>
    /// Distributed locks in Redis (DistributedLock.Redis: leases renewed while held), so two
    /// workers never sync one repository or fetch one blob at the same time. Needs <see cref="RedisExtensions.AddModelHubRedis"/>.
    /// </summary>
    public static IHostApplicationBuilder AddModelHubLocks(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<IDistributedLockProvider>(sp =>
            new RedisDistributedSynchronizationProvider(sp.GetRequiredService<IConnectionMultiplexer>().GetDatabase()));
        return builder;
    }
}
