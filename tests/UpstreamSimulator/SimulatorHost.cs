using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator;

/// <summary>
/// The simulator running in the test process on a free loopback port, over real HTTP.
/// <code>await using var hub = await SimulatorHost.StartAsync(); var http = new HttpClient { BaseAddress = hub.BaseAddress };</code>
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Catalog = app.Services.GetRequiredService<RepoCatalog>();
    }

    /// <summary>Like <c>http://127.0.0.1:41234/</c>: what a client's <c>HF_ENDPOINT</c> should be.</summary>
    public Uri BaseAddress { get; }

    public RepoCatalog Catalog { get; }

    public SimulatorOptions Options => Catalog.Options;

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null)
    {
        var app = SimulatorApp.Create([], options ?? new SimulatorOptions());
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>An HttpClient on <see cref="BaseAddress"/> that does not follow redirects (so 302s can be seen).</summary>
    public HttpClient CreateClient(bool followRedirects = false) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = followRedirects, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = BaseAddress,
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
