namespace ModelHub.IntegrationTests.Upstreams;

/// <summary>
/// Two ModelHubs: a central one mirroring its simulator (reads protected, a read token for the edge, repositories registered
/// on first request), and an edge whose upstreams are the central, reached through a relay a test can cut, then the Hub
/// itself (the edge's own simulator, with the same catalog).
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    /// <summary>The central's read token the edge sends (a reader of the central, not an admin).</summary>
    public const string CentralReadToken = "hf_central_read_token_for_the_edge";

    /// <summary>The edge's own read token, for its clients' gated files.</summary>
    public const string EdgeReadToken = "hf_edge_read_token_for_its_clients";

    private CuttableProxy? _toCentral;

    public CentralStack Central { get; } = new();

    public EdgeStack Edge { get; private set; } = null!;

    /// <summary>The relay between the edge and the central: cut, the central is gone for the edge.</summary>
    public CuttableProxy ToCentral => _toCentral ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        await Central.InitializeAsync();
        var central = Central.CreateClient().BaseAddress!;
        _toCentral = CuttableProxy.Start(central.Host, central.Port);
        Edge = new EdgeStack(new Uri($"http://127.0.0.1:{_toCentral.Port}"));
        await Edge.InitializeAsync();
    }

    public async Task ResetAsync()
    {
        ToCentral.Restore();
        await Central.ResetAsync();
        await Edge.ResetAsync();
    }

    public async Task DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Disposables.DisposeAllAsync(_toCentral);
        await Central.DisposeAsync();
    }

    public sealed class CentralStack() : ServiceStackFixture("central", realServer: true)
    {
        protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
        {
            ["HubApi:ReadTokens:0"] = CentralReadToken,
            ["Auth:ProtectReads"] = "true",
            ["PullThrough:AutoRegister"] = "true",
        };
    }

    public sealed class EdgeStack(Uri central) : ServiceStackFixture("edge", realServer: true)
    {
        protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
        {
            ["Upstream:Endpoints:0:Url"] = central.ToString(),
            ["Upstream:Endpoints:0:Name"] = "central",
            ["Upstream:Endpoints:0:Token"] = CentralReadToken,
            ["Upstream:Endpoints:1:Url"] = Simulator.BaseAddress.ToString(),
            ["Upstream:Endpoints:1:Name"] = "hub",
            ["Upstream:CircuitBreakDuration"] = "00:00:01",
            ["Upstream:DownloadIdleTimeout"] = "00:00:02",
            ["HubApi:ReadTokens:0"] = EdgeReadToken,
            ["PullThrough:AutoRegister"] = "true",
        };
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "edge";
}
