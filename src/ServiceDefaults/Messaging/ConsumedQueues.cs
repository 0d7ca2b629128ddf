using System.Collections.Concurrent;
using MassTransit;

namespace ModelHub.ServiceDefaults.Messaging;

/// <summary>The queues this service's receive endpoints consume (temporary ones aside), as the bus starts them.</summary>
public sealed class ConsumedQueues : IReceiveEndpointObserver
{
    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => [.. _names.Keys];

    public Task Ready(ReceiveEndpointReady ready)
    {
        var address = ready.InputAddress;
        if (!address.Query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase))
        {
            _names.TryAdd(Uri.UnescapeDataString(address.Segments[^1]), true);
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
