using System.ComponentModel.DataAnnotations;
using Medallion.Threading;
using Medallion.Threading.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
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
        builder.Services.AddOptions<LockOptions>().BindConfiguration(LockOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IDistributedLockProvider>(sp =>
        {
            var lease = sp.GetRequiredService<IOptions<LockOptions>>().Value.Lease;
            return new RedisDistributedSynchronizationProvider(
                sp.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), options => options.Expiry(lease));
        });
        return builder;
    }
}

/// <summary>Section <c>Locks</c>.</summary>
public sealed class LockOptions
{
    public const string Section = "Locks";

    /// <summary>
    /// How long a lock outlives a holder that died without releasing it (kill -9): the lease is renewed
    /// every third of it while the holder lives, so a shorter lease only costs a few more Redis calls.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);
}
