using System.Collections.Concurrent;
using MassTransit;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// The messages a service finished consuming without a fault. Such a message is acknowledged: nothing can
/// retry or redeliver it any more, and what its consumer published is with the broker, so once it is here a
/// test may check that something did not happen (with <see cref="BusHost.CatchUpAsync"/> for what it published).
/// </summary>
public sealed class FinishedMessages : IConsumeObserver
{
    private readonly ConcurrentQueue<object> _finished = new();

    public IReadOnlyCollection<object> Snapshot() => [.. _finished];

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _finished.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
