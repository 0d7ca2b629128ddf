using RabbitMQ.Client;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>The test RabbitMQ seen from outside: stop and start it, count a queue's messages.</summary>
public static class Broker
{
    public static Task StopAsync() => TestVirtualHost.RabbitMqCtlAsync("stop_app");

    public static Task StartAsync() => TestVirtualHost.RabbitMqCtlAsync("start_app");

    /// <summary>Messages waiting in <paramref name="queue"/> of a virtual host; 0 when the queue does not exist.</summary>
    public static async Task<uint> CountMessagesAsync(string connectionString, string queue)
    {
        var address = new Uri(connectionString);
        var credentials = address.UserInfo.Split(':', 2);
        var factory = new ConnectionFactory
        {
            HostName = address.Host,
            Port = address.Port,
            UserName = Uri.UnescapeDataString(credentials[0]),
            Password = Uri.UnescapeDataString(credentials[1]),
            VirtualHost = Uri.UnescapeDataString(address.AbsolutePath.TrimStart('/')) is { Length: > 0 } vhost ? vhost : "/",
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }
}
