using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ModelHub.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>
    /// MassTransit on RabbitMQ, from <c>ConnectionStrings:RabbitMq</c> (<c>amqp://user:password@host:port/vhost</c>).
    /// MassTransit registers its own readiness check (tags <c>ready</c> and <c>masstransit</c>).
    /// </summary>
    public static IHostApplicationBuilder AddModelHubBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var broker = RabbitMqAddress.Parse(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. `./hub up` sets it; see README § Configuration."));

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
}
