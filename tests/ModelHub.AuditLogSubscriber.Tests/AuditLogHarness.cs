using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Contracts.Downloads;
using ModelHub.TestSupport;

namespace ModelHub.AuditLogSubscriber.Tests;

/// <summary>The subscriber's consumer and audit log on MassTransit's in-memory test harness, with a fixed clock.</summary>
internal sealed class AuditLogHarness : HarnessHost
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 18, 9, 45, TimeSpan.Zero);

    private readonly Channel<Guid?> _consumed = Channel.CreateUnbounded<Guid?>();

    private AuditLogHarness(ServiceProvider provider)
        : base(provider) => Harness.Bus.ConnectConsumeMessageObserver(new ConsumedObserver(_consumed.Writer));

    public static async Task<AuditLogHarness> StartAsync(string path)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AuditLog:Path"] = path })
            .Build();
        var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(new FixedTime(Now))
            .AddAuditLog()
            .AddMassTransitTestHarness(bus => bus.AddConsumer<ArtifactDownloadedConsumer>()
                .Endpoint(e => e.Name = ArtifactDownloadedConsumer.QueueName))
            .BuildServiceProvider(true);
        var harness = new AuditLogHarness(provider);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>
    /// Publishes <paramref name="message"/> with <paramref name="messageId"/> and waits until the consumer is done with it.
    /// An observer of our own, because a redelivery carries the first delivery's message id: the harness's lists cannot tell them apart.
    /// </summary>
    public async Task PublishAsync(ArtifactDownloaded message, Guid messageId)
    {
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await _consumed.Reader.ReadAsync(timeout.Token)).ShouldBe(messageId);
    }

    private sealed class ConsumedObserver(ChannelWriter<Guid?> consumed) : IConsumeMessageObserver<ArtifactDownloaded>
    {
        public Task PreConsume(ConsumeContext<ArtifactDownloaded> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<ArtifactDownloaded> context) => consumed.WriteAsync(context.MessageId).AsTask();

        public Task ConsumeFault(ConsumeContext<ArtifactDownloaded> context, Exception exception)
        {
            consumed.TryComplete(exception);
            return Task.CompletedTask;
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
