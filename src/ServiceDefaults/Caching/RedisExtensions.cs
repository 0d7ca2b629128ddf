using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.ServiceDefaults.Health;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using StackExchange.Redis;

namespace ModelHub.ServiceDefaults.Caching;

public static class RedisExtensions
{
    public const string ConnectionStringName = "Redis";

    /// <summary>
    /// One shared <see cref="IConnectionMultiplexer"/> (and a distributed cache on it) from <c>ConnectionStrings:Redis</c>
    /// (StackExchange.Redis syntax, e.g. <c>127.0.0.1:6379,password=…</c>) and its readiness check.
    /// The connection is opened lazily and retried, so a host starts even while Redis is down.
    /// </summary>
    public static IHostApplicationBuilder AddModelHubRedis(this IHostApplicationBuilder builder)
    {
        var configuration = ConfigurationOptions.Parse(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. `./hub up` sets it; see README § Configuration."));
        configuration.AbortOnConnectFail = false;

        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            var connection = ConnectionMultiplexer.Connect(configuration);
            // Traced from its first command, whenever it is opened (the tracer registers the instrumentation).
            services.GetService<StackExchangeRedisInstrumentation>()?.AddConnection(connection);
            return connection;
        });
        // The second level of HybridCache (upstream metadata): the same connection, not a second one.
        builder.Services.AddStackExchangeRedisCache(options => options.InstanceName = "modelhub:cache:");
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((options, services) =>
            options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddSingleton<LiveProgress>();
        builder.Services.AddHealthChecks()
            .AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), "redis", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}
