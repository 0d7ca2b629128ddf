using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ModelHub.ServiceDefaults.Health;

namespace ModelHub.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>
    /// How long a receive endpoint waits for the messages it is running before it stops anyway: after its
    /// connection is lost (it consumes again only once stopped) and when the service shuts down. Without it
    /// one message that never finished kept its endpoint off the queue for ever (ConnectionLossTests).
    /// Messages given up on are not acknowledged: the broker delivers them again.
    /// </summary>
    public static TimeSpan StopTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>When a stopping endpoint cancels the messages it is still running (a lost connection cancels them at once).</summary>
    public static TimeSpan ConsumerStopTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// MassTransit on RabbitMQ, from <c>ConnectionStrings:RabbitMq</c> (<c>amqp://user:password@host:port/vhost</c>).
    /// MassTransit registers its own readiness check (tags <c>ready</c> and <c>masstransit</c>); <see cref="BrokerConsumersHealthCheck"/>
    /// asks the broker whether this service's queues really have their consumers.
    /// </summary>
    public static IHostApplicationBuilder AddModelHubBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var broker = RabbitMqAddress.Parse(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. `./hub up` sets it; see README § Configuration."));

        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            options.StopTimeout = StopTimeout;
            options.ConsumerStopTimeout = ConsumerStopTimeout;
        });
        builder.AddConsumerCheck(broker);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>Ready only while the broker sees a consumer on every queue this service consumes; the opt-in watchdog.</summary>
    private static void AddConsumerCheck(this IHostApplicationBuilder builder, RabbitMqAddress broker)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsumedQueues>();
        builder.Services.AddReceiveEndpointObserver(provider => provider.GetRequiredService<ConsumedQueues>());
        builder.Services.AddSingleton(provider => ActivatorUtilities.CreateInstance<BrokerConsumersHealthCheck>(provider, broker));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            BrokerConsumersHealthCheck.Name, provider => provider.GetRequiredService<BrokerConsumersHealthCheck>(), HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag]));
        builder.Services.Configure<LostConsumerOptions>(builder.Configuration.GetSection(LostConsumerOptions.Section));
        builder.Services.AddHostedService<LostConsumerWatchdog>();
    }
}
