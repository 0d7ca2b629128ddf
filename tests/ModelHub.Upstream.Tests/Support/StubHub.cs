using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelHub.Upstream.Tests.Support;

/// <summary>What the stub saw of one request.</summary>
internal sealed record SeenRequest(string Host, string RawTarget, string? Authorization, string? Range);

/// <summary>
/// A real HTTP server on 127.0.0.1 with one handler for every request, recording what it received.
/// <see cref="OtherHost"/> reaches the same server under another host name (a different origin).
/// </summary>
internal sealed class StubHub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubHub(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri OtherHost => new($"http://localhost:{BaseAddress.Port}");

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public static async Task<StubHub> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var hub = new StubHub(app);
        app.Run(context =>
        {
            hub.Record(context);
            return handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        hub.BaseAddress = new Uri(address);
        return hub;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private void Record(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var headers = context.Request.Headers;
        Requests.Enqueue(new SeenRequest(
            context.Request.Host.Host, rawTarget, headers.Authorization.FirstOrDefault(), headers.Range.FirstOrDefault()));
    }
}
