using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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

    /// <summary>Starts on a free port, with the bridge on another (unless <see cref="SimulatorOptions.BridgePort"/> is already set).</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null)
    {
        options ??= new SimulatorOptions();
        ListenOptions? hub = null, bridge = null;
        var app = SimulatorApp.Create([], options, kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, l => hub = l);
            if (options.BridgePort is null)
            {
                kestrel.Listen(IPAddress.Loopback, 0, l => bridge = l);
            }
        });
        await app.StartAsync();

        // Kestrel writes the ports it bound back into the listen options.
        if (bridge is not null)
        {
            options.BridgePort = bridge.IPEndPoint!.Port;
        }

        return new SimulatorHost(app, new Uri($"http://127.0.0.1:{hub!.IPEndPoint!.Port.ToString(CultureInfo.InvariantCulture)}/"));
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
