using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.ServiceDefaults.Messaging;
using ModelHub.TestSupport;
using RabbitMQ.Client;

namespace ModelHub.AuditLogSubscriber.Tests;

/// <summary>The subscriber as another team would run it, on the RabbitMQ that <c>./hub test</c> starts.</summary>
[Trait("Category", "RabbitMq")]
public sealed class SubscriberOnRabbitMqTests
{
    /// <summary>What the README tells other teams to bind to.</summary>
    private const string Exchange = "ModelHub.Contracts.Downloads:ArtifactDownloaded";

    [Fact]
    public async Task When_a_service_publishes_three_downloads_Should_write_exactly_three_lines()
    {
        await using var broker = await TestVirtualHost.CreateAsync("audit");
        using var file = new AuditFile();
        using var subscriber = StartHost(broker.ConnectionString, builder =>
        {
            builder.Configuration["AuditLog:Path"] = file.Path;
            builder.AddAuditLogSubscriber();
        });
        await subscriber.StartAsync();
        using var publisher = StartHost(broker.ConnectionString, builder => builder.AddModelHubBus());
        await publisher.StartAsync();

        var messageIds = new List<Guid>();
        foreach (var path in new[] { "config.json", "model.safetensors", "tokenizer.json" })
        {
            var messageId = NewId.NextGuid();
            await publisher.Services.GetRequiredService<IBus>().Publish(AuditFile.Event(path), context => context.MessageId = messageId);
            messageIds.Add(messageId);
        }

        await WaitForLinesAsync(file, messageIds.Count);
        await subscriber.StopAsync();
        await publisher.StopAsync();

        file.Lines().Select(line => line["messageId"]!.GetValue<Guid>()).ShouldBe(messageIds, ignoreOrder: true);
        await ShouldBeAFanoutExchangeAsync(broker.ConnectionString, Exchange);
    }

    private static IHost StartHost(string rabbitMq, Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{MessagingExtensions.ConnectionStringName}"] = rabbitMq;
        // Publish only once the subscriber's queue is bound, or the events go nowhere.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        configure(builder);
        return builder.Build();
    }

    private static Task WaitForLinesAsync(AuditFile file, int expected) =>
        Poll.UntilOrLastAsync(() => Task.FromResult(file.Lines().Count), lines => lines >= expected, TimeSpan.FromSeconds(30));

    /// <summary>Declaring an exchange that exists with other settings fails: this passes only for MassTransit's own fanout exchange.</summary>
    private static async Task ShouldBeAFanoutExchangeAsync(string rabbitMq, string exchange)
    {
        await using var connection = await RabbitMqAddress.Parse(rabbitMq).ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclarePassiveAsync(exchange);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
    }
}
