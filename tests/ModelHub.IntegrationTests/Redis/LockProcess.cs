using Medallion.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.ServiceDefaults.Caching;

namespace ModelHub.IntegrationTests.Redis;

/// <summary>
/// One process's view of the locks, registered as every ModelHub service registers them: its own Redis
/// connection, circuit and <see cref="FailoverLockProvider"/>, on the test Redis and a fixture's database.
/// </summary>
public sealed class LockProcess : IDisposable
{
    private readonly IHost _host;

    public LockProcess(string postgresConnectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = TestInfrastructure.Require("Redis"),
            ["ConnectionStrings:Postgres"] = postgresConnectionString,
            ["Redis:SkipFor"] = "00:00:01",
            ["Locks:Lease"] = "00:00:02",
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddModelHubRedis();
        builder.AddModelHubLocks();
        _host = builder.Build();
    }

    public IDistributedLockProvider Locks => _host.Services.GetRequiredService<IDistributedLockProvider>();

    public LockGroups Groups => _host.Services.GetRequiredService<LockGroups>();

    public RedisCircuit Redis => _host.Services.GetRequiredService<RedisCircuit>();

    /// <summary>Waits until this process uses Redis again (it reconnects by itself about once a second).</summary>
    public Task WaitForRedisAsync() =>
        Poll.UntilAsync(() => !Redis.IsOpen, TimeSpan.FromSeconds(20), "the process's reconnection to Redis", TimeSpan.FromMilliseconds(50));

    public void Dispose() => _host.Dispose();
}
