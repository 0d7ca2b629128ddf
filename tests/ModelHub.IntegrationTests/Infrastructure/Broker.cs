using System.Diagnostics;
using RabbitMQ.Client;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>The test RabbitMQ seen from outside: stop and start it, count a queue's messages.</summary>
public static class Broker
{
    public static Task StopAsync() => RabbitMqCtlAsync("stop_app");

    public static Task StartAsync() => RabbitMqCtlAsync("start_app");

    /// <summary>Messages waiting in <paramref name="queue"/>; 0 when the queue does not exist.</summary>
    public static async Task<uint> CountMessagesAsync(string queue)
    {
        var address = new Uri(TestInfrastructure.Require("RabbitMq"));
        var credentials = address.UserInfo.Split(':', 2);
        var factory = new ConnectionFactory
        {
            HostName = address.Host,
            Port = address.Port,
            UserName = Uri.UnescapeDataString(credentials[0]),
            Password = Uri.UnescapeDataString(credentials[1]),
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

    private static async Task RabbitMqCtlAsync(string command)
    {
        var ctl = Environment.GetEnvironmentVariable("MODELHUB_TEST_RABBITMQCTL")
            ?? throw new InvalidOperationException("MODELHUB_TEST_RABBITMQCTL is not set: run the tests with ./hub test.");
        using var process = Process.Start(new ProcessStartInfo(ctl, ["-q", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"rabbitmqctl {command}: {await process.StandardError.ReadToEndAsync()}");
    }
}
