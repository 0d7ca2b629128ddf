using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests;

/// <summary>One in-process simulator per test class, reached over real HTTP.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private SimulatorHost? _host;

    public SimulatorHost Host => _host ?? throw new InvalidOperationException("The simulator has not started.");

    public RepoCatalog Catalog => Host.Catalog;

    /// <summary>Does not follow redirects, so 302s can be inspected.</summary>
    public HttpClient Http { get; private set; } = null!;

    public HttpClient Following { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync();
        Http = _host.CreateClient();
        Following = _host.CreateClient(followRedirects: true);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Following.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public async Task<JsonElement> GetJsonAsync(string url) =>
        await Http.GetFromJsonAsync<JsonElement>(url);

    public Task<HttpResponseMessage> HeadAsync(string url) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

    public Task<HttpResponseMessage> GetAsync(string url, string? range = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The bytes of a file at a revision, following the LFS redirect.</summary>
    public Task<byte[]> DownloadAsync(string repoId, string revision, string path) =>
        Following.GetByteArrayAsync($"{repoId}/resolve/{Uri.EscapeDataString(revision)}/{path}");
}

public static class Headers
{
    public static string? One(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
