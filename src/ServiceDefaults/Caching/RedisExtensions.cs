using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelHub.ServiceDefaults.Health;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using StackExchange.Redis;

namespace ModelHub.ServiceDefaults.Caching;

public static class RedisExtensions
{
    public const string ConnectionStringName = "Redis";

    /// <summary>
    /// One shared <see cref="IConnectionMultiplexer"/> (and a distributed cache on it) from <c>ConnectionStrings:Redis</c>
    /// (StackExchange.Redis syntax, e.g. <c>127.0.0.1:6379,password=…</c>) and its readiness check. The connection
    /// is opened lazily and retried, so a host starts even while Redis is down; while it is down every call fails
    /// at once instead of queueing, and the <see cref="RedisCircuit"/> skips Redis: the host runs on, degraded.
    /// </summary>
    public static IHostApplicationBuilder AddModelHubRedis(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. `./hub up` sets it; see README § Configuration.");
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            var connection = ConnectionMultiplexer.Connect(Configure(connectionString, services.GetRequiredService<IOptions<RedisOptions>>().Value));
            // Traced from its first command, whenever it is opened (the tracer registers the instrumentation).
            services.GetService<StackExchangeRedisInstrumentation>()?.AddConnection(connection);
            return connection;
        });
        builder.Services.AddSingleton<RedisCircuit>();

        // The second level of HybridCache (upstream metadata, API summaries): the same connection, not a second one.
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((options, services) =>
        {
            options.InstanceName = $"{services.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix}modelhub:cache:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>());
        });
        builder.Services.AddSingleton<IDistributedCache>(services => new SkippableRedisCache(
            new RedisCache(services.GetRequiredService<IOptions<RedisCacheOptions>>()), services.GetRequiredService<RedisCircuit>()));
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded, tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    private static ConfigurationOptions Configure(string connectionString, RedisOptions options)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        var timeout = (int)options.Timeout.TotalMilliseconds;
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = timeout;
        configuration.SyncTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        // Without a connection, a command fails at once rather than waiting in a backlog for the timeout.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // Try to reconnect about once a second, so a Redis that is back is used again within seconds.
        configuration.ReconnectRetryPolicy = new LinearRetry(Math.Max(timeout, 1000));
        return configuration;
    }
}
