using ModelHub.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>The test RabbitMQ seen from outside: stop and start it, count a queue's messages or consumers.</summary>
public static class Broker
{
    public static Task StopAsync() => TestVirtualHost.RabbitMqCtlAsync("stop_app");

    public static Task StartAsync() => TestVirtualHost.RabbitMqCtlAsync("start_app");

    /// <summary>Messages waiting in <paramref name="queue"/> of a virtual host; 0 when the queue does not exist.</summary>
    public static async Task<uint> CountMessagesAsync(string connectionString, string queue) =>
        (await DeclarePassiveAsync(connectionString, queue))?.MessageCount ?? 0;

    /// <summary>Consumers the broker sees on <paramref name="queue"/> of a virtual host; 0 when the queue does not exist.</summary>
    public static async Task<uint> CountConsumersAsync(string connectionString, string queue) =>
        (await DeclarePassiveAsync(connectionString, queue))?.ConsumerCount ?? 0;

    private static async Task<QueueDeclareOk?> DeclarePassiveAsync(string connectionString, string queue)
    {
        await using var connection = await RabbitMqAddress.Parse(connectionString).ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }
}
