using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace ModelHub.ServiceDefaults.Messaging;

/// <summary>
/// Ready only while every queue this service consumes has a consumer at the broker. MassTransit's own check
/// reports what the bus believes; after RabbitMQ is killed, RabbitMQ.Client 7.2 can deadlock in its
/// connection shutdown (a shutdown handler waits on a publisher-confirm lock; rabbitmq-dotnet-client #1960,
/// fixed after 7.2.2), and an endpoint whose channel was on that connection never learns it was lost: the
/// bus says Ready while the queue has no consumer, and its messages wait until the service restarts. This
/// asks the broker itself (a passive declare on a connection of its own, at most every 5 s) and reports
/// Unhealthy once a queue has had no consumer for <see cref="Grace"/>, longer than a reconnection takes.
/// Another instance consuming the same queue hides this instance's loss: per-instance queues still show it.
/// </summary>
public sealed class BrokerConsumersHealthCheck(
    ConsumedQueues queues, RabbitMqAddress broker, TimeProvider clock, ILogger<BrokerConsumersHealthCheck> logger)
    : IHealthCheck, IAsyncDisposable
{
    public const string Name = "broker-consumers";
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _withoutConsumerSince = new();
    private readonly SemaphoreSlim _probing = new(1, 1);
    private IConnection? _connection;
    private DateTimeOffset _lastProbe = DateTimeOffset.MinValue;
    private HealthCheckResult _last = HealthCheckResult.Healthy("no queue consumed yet");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (clock.GetUtcNow() - _lastProbe < ProbeInterval || !await _probing.WaitAsync(0, cancellationToken))
        {
            return _last;
        }

        try
        {
            _last = await ProbeAsync(cancellationToken);
            _lastProbe = clock.GetUtcNow();
            return _last;
        }
        finally
        {
            _probing.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        var now = clock.GetUtcNow();
        var lost = new List<string>();
        try
        {
            _connection ??= await CreateConnectionAsync(timeout.Token);
            await using var channel = await _connection.CreateChannelAsync(cancellationToken: timeout.Token);
            foreach (var queue in queues.Names)
            {
                var declared = await channel.QueueDeclarePassiveAsync(queue, timeout.Token);
                if (declared.ConsumerCount > 0)
                {
                    _withoutConsumerSince.TryRemove(queue, out _);
                }
                else
                {
                    var unconsumed = now - _withoutConsumerSince.GetOrAdd(queue, now);
                    if (unconsumed >= Grace)
                    {
                        lost.Add($"{queue} ({unconsumed.TotalSeconds:F0} s, {declared.MessageCount} messages)");
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The broker away is the bus check's to report; this one speaks only of what it saw.
            await DropConnectionAsync();
            return HealthCheckResult.Healthy($"the broker could not be asked ({e.GetType().Name})");
        }

        if (lost.Count == 0)
        {
            return HealthCheckResult.Healthy($"{queues.Names.Count} queue(s) consumed");
        }

        var without = string.Join(", ", lost);
        logger.LogError("Queues without a consumer: {Queues}; the bus says it is consuming them. Restart this service.", without);
        return HealthCheckResult.Unhealthy($"no consumer at the broker for: {without}; the bus says it is consuming them. Restart this service.");
    }

    private async Task<IConnection> CreateConnectionAsync(CancellationToken cancellationToken)
    {
        var factory = broker.ConnectionFactory();
        factory.AutomaticRecoveryEnabled = false;
        factory.ClientProvidedName = "modelhub-consumer-check";
        return await factory.CreateConnectionAsync(cancellationToken);
    }

    private async Task DropConnectionAsync()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            try
            {
                await connection.AbortAsync(TimeSpan.FromSeconds(1));
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Closing the consumer check's connection failed");
            }

            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync();
        _probing.Dispose();
    }
}
