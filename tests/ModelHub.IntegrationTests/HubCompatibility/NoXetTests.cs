using System.Net.Http.Headers;
using System.Text;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// No Xet metadata leaves ModelHub, at any depth (huggingface-hub-api.md §5): the upstream announces every LFS file as
/// Xet-stored — <c>xetHash</c> in tree, paths-info and sibling entries, <c>xetEnabled</c> on request, <c>X-Xet-*</c> and
/// <c>Link</c> rels on its 302s — and a client that saw any of it would leave the mirror for a Xet server it cannot reach.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class NoXetTests(ServeFixture fixture) : IAsyncLifetime
{
    private const string Model = ShippedRepos.Wan;
    private const string Dataset = ShippedRepos.ParquetDataset;

    // The JS client's probe asks for Xet file info first (contract §1.4).
    private const string XetAccept = "application/vnd.xet-fileinfo+json, */*";

    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_every_hub_route_of_a_synced_model_and_dataset_is_read_Should_carry_no_xet_metadata_anywhere()
    {
        await _client.SyncAsync(Model);
        await _client.SyncDatasetAsync(Dataset);
        var weights = fixture.Simulator.Catalog[Model].Main.Files.First(f => f.IsLfs).Path;
        var shard = fixture.Simulator.Catalog[RepoType.Dataset, Dataset].Main.Files.First(f => f.IsLfs).Path;
        var requests = Requests("/api/models", Model, "", weights).Concat(Requests("/api/datasets", Dataset, "/datasets", shard)).ToList();

        using var upstream = fixture.Simulator.CreateClient();
        var leaksUpstream = new List<string>();
        var leaks = new List<string>();
        foreach (var (method, url, body) in requests)
        {
            leaksUpstream.AddRange(await XetSignsAsync(upstream, method, url, body));
            leaks.AddRange(await XetSignsAsync(_client, method, url, body));
        }

        leaksUpstream.ShouldContain(sign => sign.Contains("tree", StringComparison.Ordinal), "the upstream lists Xet hashes: this test reads what it should");
        leaksUpstream.ShouldContain(sign => sign.Contains("X-Xet-Hash", StringComparison.Ordinal));
        leaksUpstream.ShouldContain(sign => sign.Contains("xetEnabled", StringComparison.Ordinal));
        leaks.ShouldBeEmpty();
    }

    /// <summary>Every Hub route a client reads, at every depth a Xet field could hide in.</summary>
    private static IEnumerable<(HttpMethod Method, string Url, HttpContent? Body)> Requests(string api, string id, string files, string lfsPath)
    {
        yield return (HttpMethod.Get, $"{api}/{id}", null);
        yield return (HttpMethod.Get, $"{api}/{id}/revision/main?blobs=true", null);
        yield return (HttpMethod.Get, $"{api}/{id}?expand=siblings&expand=sha&expand=xetEnabled", null);
        yield return (HttpMethod.Get, $"{api}/{id}?expand[]=xetEnabled&expand[]=siblings&blobs=true", null);
        yield return (HttpMethod.Get, $"{api}/{id}/tree/main?recursive=true", null);
        yield return (HttpMethod.Get, $"{api}/{id}/tree/main?recursive=true&expand=true", null);
        yield return (HttpMethod.Post, $"{api}/{id}/paths-info/main", JsonContent.Create(new { paths = new[] { lfsPath, "README.md" }, expand = true }));
        yield return (HttpMethod.Post, $"{api}/{id}/paths-info/main", new FormUrlEncodedContent([new("paths", lfsPath), new("expand", "false")]));
        yield return (HttpMethod.Head, $"{files}/{id}/resolve/main/{lfsPath}", null);
        yield return (HttpMethod.Get, $"{files}/{id}/resolve/main/{lfsPath}", null);
        yield return (HttpMethod.Head, $"{files}/{id}/resolve/main/README.md", null);
    }

    /// <summary>
    /// Each sign of Xet in one answer: a Xet header, a Xet <c>Link</c> rel, the Xet content type, or <c>xet</c> in a
    /// metadata body (file bodies are the files' bytes). The redirect is not followed, so its headers are read too.
    /// </summary>
    private static async Task<List<string>> XetSignsAsync(HttpClient client, HttpMethod method, string url, HttpContent? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : await CopyAsync(body) };
        request.Headers.Accept.ParseAdd(XetAccept);
        if (url.Contains("/resolve/", StringComparison.Ordinal) && method == HttpMethod.Get)
        {
            request.Headers.Range = new RangeHeaderValue(0, 0);
        }

        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = client.BaseAddress };
        noRedirects.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        using var response = await noRedirects.SendAsync(request);
        var where = $"{method} {url} ({(int)response.StatusCode})";
        response.IsSuccessStatusCode.ShouldBe(response.StatusCode != HttpStatusCode.Found, where);

        var signs = new List<string>();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            var value = string.Join(", ", values);
            if (name.StartsWith("X-Xet", StringComparison.OrdinalIgnoreCase)
                || (name.Equals("Link", StringComparison.OrdinalIgnoreCase) && value.Contains("xet", StringComparison.OrdinalIgnoreCase))
                || (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && value.Contains("xet", StringComparison.OrdinalIgnoreCase)))
            {
                signs.Add($"{where}: {name}: {value}");
            }
        }

        if (!url.Contains("/resolve/", StringComparison.Ordinal))
        {
            var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
            var at = text.IndexOf("xet", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                signs.Add($"{where}: body: …{text[Math.Max(0, at - 20)..Math.Min(text.Length, at + 60)]}…");
            }
        }

        return signs;
    }

    private static async Task<HttpContent> CopyAsync(HttpContent body)
    {
        var copy = new ByteArrayContent(await body.ReadAsByteArrayAsync());
        copy.Headers.ContentType = body.Headers.ContentType;
        return copy;
    }
}
