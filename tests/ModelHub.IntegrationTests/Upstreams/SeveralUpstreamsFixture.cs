using ModelHub.UpstreamSimulator;

namespace ModelHub.IntegrationTests.Upstreams;

/// <summary>
/// The stack with three upstreams, in order: one that is down (nothing listens), the fixture's simulator
/// (<c>primary</c>, on the Hub's origin, so it takes the Hub token) and a second simulator with the same catalog
/// (<c>mirror</c>, with its own token). Circuits break for a second only, so one test's faults do not steer the next.
/// </summary>
public sealed class SeveralUpstreamsFixture() : ServiceStackFixture("upstreams")
{
    private readonly string _down = DeadEndpoint.Create();
    private SimulatorHost? _mirror;

    public SimulatorHost Mirror => _mirror ?? throw new InvalidOperationException("The fixture is not initialised.");

    protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Upstream:Endpoints:0:Url"] = _down,
        ["Upstream:Endpoints:0:Name"] = "down",
        ["Upstream:Endpoints:1:Url"] = Simulator.BaseAddress.ToString(),
        ["Upstream:Endpoints:1:Name"] = "primary",
        ["Upstream:Endpoints:2:Url"] = Mirror.BaseAddress.ToString(),
        ["Upstream:Endpoints:2:Name"] = "mirror",
        ["Upstream:Endpoints:2:Token"] = Mirror.Options.Token,
        ["Upstream:CircuitBreakDuration"] = "00:00:01",
        ["Upstream:StatusShareInterval"] = "00:00:00.2",
        ["Upstream:DownloadIdleTimeout"] = "00:00:02",
        ["Upstream:DownloadMinBytesPerSecond"] = "65536",
    };

    public override async Task InitializeAsync()
    {
        _mirror = await SimulatorHost.StartAsync();
        await base.InitializeAsync();
    }

    /// <summary>Both simulators without faults or recorded requests, and the stack as <see cref="ServiceStackFixture.ResetAsync"/> leaves it.</summary>
    public Task ResetBothAsync()
    {
        Mirror.Catalog.ResetFaults();
        Mirror.Catalog.Requests.Clear();
        return ResetAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Disposables.DisposeAllAsync(_mirror);
    }
}

[CollectionDefinition(Name)]
public sealed class SeveralUpstreamsCollection : ICollectionFixture<SeveralUpstreamsFixture>
{
    public const string Name = "upstreams";
}
