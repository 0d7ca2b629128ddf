using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ModelHub.IntegrationTests.HubCompatibility;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.IntegrationTests.Upstreams;

/// <summary>
/// ModelHub as the upstream of ModelHub: an edge whose first upstream is a central ModelHub with protected reads, and the
/// Hub behind it. Commits, hashes and gated access carry over; the edge's bytes come from the central, or from the Hub
/// when the central goes away mid-file.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class EdgeTests(EdgeFixture fixture, NpmHubClient npm) : IAsyncLifetime, IClassFixture<NpmHubClient>
{
    private readonly HttpClient _edge = fixture.Edge.CreateClient();

    private SimCommit Main => fixture.Central.Simulator.Catalog[ShippedRepos.Wan].Main;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_edge_syncs_and_downloads_Should_take_commit_hashes_and_bytes_from_the_central()
    {
        var sync = await _edge.SyncAsync(ShippedRepos.Wan);
        var largest = Main.Files.Where(f => f.IsLfs).MaxBy(f => f.Size)!;
        var job = await DownloadAsync(largest);

        sync["summary"]!.GetValue<string>().ShouldContain($"synced {Main.Files.Count} files");
        (await RevisionOnEdgeAsync()).ShouldBe(Main.Sha);
        job["summary"]!.GetValue<string>().ShouldContain(FormattableString.Invariant($"bytes from central {largest.Size:N0}"));
        await AssertStoredAsAnnouncedAsync(largest);
        // The edge never went to the Hub: every byte came through the central, which fetched it from its own upstream.
        fixture.Edge.Simulator.Catalog.Requests.Snapshot().ShouldBeEmpty();
        ContentRequests(fixture.Central.Simulator.Catalog, largest.Sha256).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task When_the_central_holds_a_gated_repository_Should_keep_it_gated_on_the_edge()
    {
        await _edge.SyncAsync(ShippedRepos.Gated);
        var config = fixture.Central.Simulator.Catalog[ShippedRepos.Gated].Main.File("config.json");
        using var anonymous = ServeFixture.WithoutKey(fixture.Edge.CreateClient());

        using var refused = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/{ShippedRepos.Gated}/resolve/main/config.json"));
        using var reader = new HttpRequestMessage(HttpMethod.Get, $"/{ShippedRepos.Gated}/resolve/main/config.json");
        reader.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeFixture.EdgeReadToken);
        using var served = await anonymous.SendAsync(reader);

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Headers.GetValues("X-Error-Code").ShouldBe(["GatedRepo"]);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        Convert.ToHexStringLower(SHA256.HashData(await served.Content.ReadAsByteArrayAsync())).ShouldBe(config.Sha256);
    }

    [Fact]
    public async Task When_the_npm_client_reads_from_the_edge_Should_get_the_hubs_commit_and_bytes()
    {
        await _edge.SyncAsync(ShippedRepos.Wan);

        var run = await npm.CheckAsync(_edge.BaseAddress!, EdgeFixture.EdgeReadToken, ShippedRepos.Wan);

        run.Report["modelInfo"]!["sha"]!.GetValue<string>().ShouldBe(Main.Sha);
        var downloads = run.Report["downloadFile"]!.AsObject();
        foreach (var file in Main.Files)
        {
            ((string?)downloads[file.Path]).ShouldBe(file.Sha256, file.Path);
        }
    }

    [Fact]
    public async Task When_the_central_goes_away_mid_download_Should_finish_from_the_hub_in_the_same_attempt_and_serve_what_it_holds()
    {
        await _edge.SyncAsync(ShippedRepos.Wan);
        var largest = Main.Files.Where(f => f.IsLfs).MaxBy(f => f.Size)!;
        fixture.Central.Simulator.Catalog[ShippedRepos.Wan].FileFaults(largest.Path).BytesPerSecond = 1024 * 1024;

        var jobs = await _edge.SubmitFileDownloadsAsync(ShippedRepos.Wan, [largest.Path]);
        await Poll.UntilAsync(() => _edge.GetJobAsync(jobs.Single()), job => (long?)job["progress"]?["bytes_done"] >= 1024 * 1024,
            TimeSpan.FromSeconds(30), job => $"a MiB through the central: {job.ToJsonString()}");
        fixture.ToCentral.Cut();
        var job = (await _edge.WaitForJobsAsync(jobs, "completed", 60)).Single();

        var summary = job["summary"]!.GetValue<string>();
        summary.ShouldContain("bytes from ");
        summary.ShouldContain("central ");
        summary.ShouldContain("hub ");
        job["attempts"]!.GetValue<int>().ShouldBe(1);
        await AssertStoredAsAnnouncedAsync(largest);
        // With the central still gone, the edge serves what it holds.
        using var stored = await _edge.GetAsync($"/{ShippedRepos.Wan}/resolve/main/{largest.Path}");
        stored.StatusCode.ShouldBe(HttpStatusCode.OK);
        Convert.ToHexStringLower(SHA256.HashData(await stored.Content.ReadAsByteArrayAsync())).ShouldBe(largest.Sha256);
    }

    private async Task<JsonNode> DownloadAsync(SimFile file)
    {
        var jobs = await _edge.SubmitFileDownloadsAsync(ShippedRepos.Wan, [file.Path]);
        return (await _edge.WaitForJobsAsync(jobs, "completed", 60)).Single();
    }

    private async Task<string> RevisionOnEdgeAsync()
    {
        using var info = await _edge.GetAsync($"/api/models/{ShippedRepos.Wan}/revision/main");
        return JsonNode.Parse(await info.Content.ReadAsStringAsync())!["sha"]!.GetValue<string>();
    }

    private async Task AssertStoredAsAnnouncedAsync(SimFile announced)
    {
        var blob = Path.Combine(fixture.Edge.StoreRoot, "blobs", "sha256", announced.Sha256);
        Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(blob))).ShouldBe(announced.Sha256);
    }

    private static List<SimRequest> ContentRequests(RepoCatalog catalog, string sha256) =>
        [.. catalog.Requests.Snapshot().Where(r => r.Kind == "cdn" && r.Path.EndsWith(sha256, StringComparison.Ordinal))];
}
