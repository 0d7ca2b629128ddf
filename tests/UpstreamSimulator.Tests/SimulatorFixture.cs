using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests;

/// <summary>One in-process simulator per test class, reached over real HTTP.</summary>
public class SimulatorFixture : IAsyncLifetime
{
    private readonly SimulatorOptions _options;
    private SimulatorHost? _host;

    public SimulatorFixture()
        : this(new SimulatorOptions())
    {
    }

    protected SimulatorFixture(SimulatorOptions options) => _options = options;

    public SimulatorHost Host => _host ?? throw new InvalidOperationException("The simulator has not started.");

    public RepoCatalog Catalog => Host.Catalog;

    /// <summary>Does not follow redirects, so 302s can be inspected.</summary>
    public HttpClient Http { get; private set; } = null!;

    public HttpClient Following { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(_options);
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

    /// <summary>Every page of a tree listing, following the <c>Link</c> headers; each page with the next URL it announced.</summary>
    public async Task<List<(List<JsonElement> Entries, string? Next)>> ListAllAsync(string url, int maxPages = 1000)
    {
        var pages = new List<(List<JsonElement>, string?)>();
        for (string? next = url; next is not null;)
        {
            using var response = await Http.GetAsync(next);
            response.EnsureSuccessStatusCode();
            var entries = (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
            next = response.Headers.TryGetValues("Link", out var links) ? NextOf(links.Single()) : null;
            pages.Add((entries, next));
            if (pages.Count > maxPages)
            {
                throw new InvalidOperationException($"More than {maxPages} pages from {url}.");
            }
        }

        return pages;
    }

    private static string NextOf(string link)
    {
        if (!link.EndsWith(">; rel=\"next\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Not a next link: {link}");
        }

        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }
}

public static class Headers
{
    public static string? One(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
