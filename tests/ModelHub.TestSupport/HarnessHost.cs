using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.TestSupport;

/// <summary>A service provider holding MassTransit's in-memory test harness: the harness stops, then the provider goes, together.</summary>
public abstract class HarnessHost(ServiceProvider provider) : IAsyncDisposable
{
    public ITestHarness Harness { get; } = provider.GetRequiredService<ITestHarness>();

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
