using Medallion.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ModelHub.ServiceDefaults.Caching;

public static class LockExtensions
{
    /// <summary>The database the locks fall back to: ModelHub's own (<c>ConnectionStrings:Postgres</c>).</summary>
    public const string PostgresConnectionStringName = "Postgres";

    /// <summary>
    /// Distributed locks (<see cref="FailoverLockProvider"/>: Redis while it answers, always backed by a
    /// PostgreSQL advisory lock), so two workers never sync one repository or fetch one blob at the same
    /// time, with Redis up, down or coming back. Needs <see cref="RedisExtensions.AddModelHubRedis"/>.
    /// </summary>
    public static IHostApplicationBuilder AddModelHubLocks(this IHostApplicationBuilder builder)
    {
        var postgres = builder.Configuration.GetConnectionString(PostgresConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{PostgresConnectionStringName} is not set. `./hub up` sets it; see README § Configuration.");
        builder.Services.AddOptions<LockOptions>().BindConfiguration(LockOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IDistributedLockProvider>(sp => new FailoverLockProvider(
            sp.GetRequiredService<RedisCircuit>(),
            postgres,
            sp.GetRequiredService<IOptions<LockOptions>>().Value.Lease,
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FailoverLockProvider>>()));
        // Their own pool: a group's connection holds its locks, and one that failed is dropped with its pool.
        builder.Services.TryAddSingleton(_ => new LockGroups(NpgsqlDataSource.Create(FailoverLockProvider.WatchingTheClient(postgres))));
        return builder;
    }
}
