using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.IntegrationTests.Upstreams;

/// <summary>
/// Three upstreams (one down, two simulators with the same catalog) and what each fault of the first simulator does: every
/// job ends with blobs that match what the upstream announced, and a summary that says which upstream gave the bytes.
/// </summary>
[Collection(SeveralUpstreamsCollection.Name)]
public sealed partial class SeveralUpstreamsTests(SeveralUpstreamsFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetBothAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_first_upstream_is_down_Should_sync_and_download_from_the_next_with_its_commit_and_hashes()
    {
        var upstream = fixture.Simulator.Catalog[ShippedRepos.Wan].Main;
        fixture.Mirror.Catalog[ShippedRepos.Wan].Main.Sha.ShouldBe(upstream.Sha, "both simulators announce the same commit");

        var sync = await _client.SyncAsync(ShippedRepos.Wan);
        var job = await DownloadLargestAsync();

        sync["summary"]!.GetValue<string>().ShouldContain($"synced {upstream.Files.Count} files");
        job["summary"]!.GetValue<string>().ShouldContain("bytes from primary");
        job["summary"]!.GetValue<string>().ShouldNotContain("mirror");
        ContentRequests(fixture.Mirror).ShouldBeEmpty();
        await AssertStoredAsAnnouncedAsync(Largest());
    }

    [Fact]
    public async Task When_the_primary_serves_wrong_bytes_for_a_large_file_Should_store_the_mirrors_and_name_the_primary()
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var file = Largest();
        PrimaryFaults(file.Path).CorruptedBodies = int.MaxValue;

        var job = await DownloadLargestAsync();

        var summary = job["summary"]!.GetValue<string>();
        summary.ShouldContain(Invariant($"bytes from mirror {file.Size:N0}"));
        summary.ShouldContain("primary refused: served wrong bytes");
        job["attempts"]!.GetValue<int>().ShouldBe(1, "the mirror was asked within the same attempt");
        ContentRequests(fixture.Simulator, file.Sha256).ShouldNotBeEmpty();
        await AssertStoredAsAnnouncedAsync(file);

        // The DownloadService's own view of the primary, shared through Redis, is what the Api lists for it.
        var processes = await Poll.UntilAsync(
            async () => JsonNode.Parse(await _client.GetStringAsync("/v1/hub/upstreams/processes"))!.AsArray(),
            views => WrongBytesSeenBy(views, "DownloadService") > 0, TimeSpan.FromSeconds(10),
            views => $"no DownloadService view with the primary's wrong bytes: {views.ToJsonString()}");
        processes[0]!["process"]!.GetValue<string>().ShouldStartWith("Api on ", Case.Sensitive, "this Api's own view comes first");
        WrongBytesSeenBy(processes, "Api").ShouldBe(0, "the Api itself was never served the wrong bytes");
    }

    [Fact]
    public async Task When_the_primary_serves_wrong_bytes_for_a_small_file_Should_sync_the_mirrors()
    {
        var file = fixture.Simulator.Catalog[ShippedRepos.Wan].Main.Files.First(f => f.Path == "config.json");
        PrimaryFaults(file.Path).CorruptedBodies = int.MaxValue;

        var sync = await _client.SyncAsync(ShippedRepos.Wan);

        sync["summary"]!.GetValue<string>().ShouldNotContain("failed");
        fixture.Mirror.Catalog.Requests.Snapshot().ShouldContain(r => r.Path.EndsWith("/config.json", StringComparison.Ordinal));
        await AssertStoredAsAnnouncedAsync(file);
    }

    [Fact]
    public async Task When_the_primary_rate_limits_Should_take_metadata_and_bytes_from_the_mirror()
    {
        fixture.Simulator.Catalog.Faults.RateLimited = int.MaxValue;
        fixture.Simulator.Catalog.Faults.RetryAfterSeconds = 300;

        await _client.SyncAsync(ShippedRepos.Wan);
        var job = await DownloadLargestAsync();

        job["summary"]!.GetValue<string>().ShouldContain(Invariant($"bytes from mirror {Largest().Size:N0}"));
        fixture.Simulator.Catalog.Requests.Snapshot().ShouldContain(r => r.Status == 429);
        fixture.Simulator.Catalog.Requests.Snapshot().ShouldAllBe(r => r.Status == 429, "the primary answered nothing but 429");
        await AssertStoredAsAnnouncedAsync(Largest());
    }

    [Fact]
    public async Task When_the_primary_drops_a_connection_mid_range_Should_continue_that_range_from_the_mirror_in_the_same_attempt()
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var file = Largest();
        var faults = PrimaryFaults(file.Path);
        faults.DropAfterBytes = 256 * 1024;
        faults.DroppedConnections = 1;

        var job = await DownloadLargestAsync();

        // The 1 MiB range whose body broke goes on from the mirror where the primary's bytes stopped: at most 256 KiB in,
        // fewer when the reset dropped bytes the transport still held. Ranges started after the break may come from the
        // mirror too (the primary is asked last from then on); how many depends on how soon the other bodies ended.
        var split = SourceSplit().Match(job["summary"]!.GetValue<string>());
        split.Success.ShouldBeTrue($"the summary names both upstreams: {job["summary"]}");
        var (fromPrimary, fromMirror) = (ParseCount(split.Groups["primary"].Value), ParseCount(split.Groups["mirror"].Value));
        (fromPrimary + fromMirror).ShouldBe(file.Size);
        job["attempts"]!.GetValue<int>().ShouldBe(1);
        var mirrored = ContentRequests(fixture.Mirror, file.Sha256);
        mirrored.Sum(r => r.BodyBytes).ShouldBe(fromMirror, "the mirror's bytes are those of its range requests");
        var resumed = mirrored.Where(r => RangeStart(r.Range) % Chunk != 0).ShouldHaveSingleItem("one range went on mid-way");
        (RangeStart(resumed.Range) % Chunk).ShouldBeInRange(1, 256 * 1024);
        await AssertStoredAsAnnouncedAsync(file);
    }

    [Fact]
    public async Task When_the_primary_stalls_mid_file_Should_continue_from_the_mirror()
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var file = Largest();
        var faults = PrimaryFaults(file.Path);
        faults.StallAfterBytes = 128 * 1024;
        faults.StalledBodies = 1;

        var job = await DownloadLargestAsync();

        job["summary"]!.GetValue<string>().ShouldContain("mirror");
        job["attempts"]!.GetValue<int>().ShouldBe(1);
        await AssertStoredAsAnnouncedAsync(file);
    }

    [Fact]
    public async Task When_the_upstreams_are_listed_Should_show_them_in_order_with_how_they_answered_this_api_and_no_token()
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var weight = fixture.Simulator.Catalog[ShippedRepos.Wan].Main.Files.First(f => f.IsLfs && f.Size >= SyncFixture.SmallFileLimit);
        // A pull-through: the Api itself asks the upstreams for bytes, the dead one first.
        using var pulled = await _client.GetAsync($"/{ShippedRepos.Wan}/resolve/main/{weight.Path}");
        pulled.StatusCode.ShouldBe(HttpStatusCode.OK);

        var body = await _client.GetStringAsync("/v1/hub/upstreams");

        var upstreams = JsonNode.Parse(body)!.AsArray().Select(u => u!).ToList();
        upstreams.Select(u => u["name"]!.GetValue<string>()).ShouldBe(["down", "primary", "mirror"]);
        upstreams.Select(u => u["role"]!.GetValue<string>()).ShouldBe(["all", "all", "all"]);
        upstreams[0]["reachability"]!.GetValue<string>().ShouldBe("failing");
        upstreams[0]["last_error"]!.GetValue<string>().ShouldContain("unreachable");
        upstreams[1]["reachability"]!.GetValue<string>().ShouldBe("answering");
        upstreams.ShouldAllBe(u => u["circuit"] != null);
        body.ShouldNotContain(fixture.Mirror.Options.Token);
        body.ShouldNotContain(fixture.Simulator.Options.Token);
    }

    /// <summary>The wrong bytes the primary served the first listed process of <paramref name="service"/>, as its view says.</summary>
    private static long WrongBytesSeenBy(JsonArray views, string service) => views
        .Where(v => v!["process"]!.GetValue<string>().StartsWith(service + " on ", StringComparison.Ordinal))
        .SelectMany(v => v!["upstreams"]!.AsArray())
        .Where(u => u!["name"]!.GetValue<string>() == "primary")
        .Sum(u => u!["wrong_bytes_served"]!.GetValue<long>());

    private SimFile Largest() => fixture.Simulator.Catalog[ShippedRepos.Wan].Main.Files.Where(f => f.IsLfs).MaxBy(f => f.Size)!;

    private FaultKnobs PrimaryFaults(string path) => fixture.Simulator.Catalog[ShippedRepos.Wan].FileFaults(path);

    private async Task<JsonNode> DownloadLargestAsync()
    {
        var file = Largest();
        file.Size.ShouldBeGreaterThan(SyncFixture.ParallelThreshold, "the largest weight is fetched in ranges");
        var jobs = await _client.SubmitFileDownloadsAsync(ShippedRepos.Wan, [file.Path]);
        return (await _client.WaitForJobsAsync(jobs, "completed", 60)).Single();
    }

    private async Task AssertStoredAsAnnouncedAsync(SimFile announced)
    {
        var blob = Path.Combine(fixture.StoreRoot, "blobs", "sha256", announced.Sha256);
        Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(blob))).ShouldBe(announced.Sha256);
    }

    // The fixture's Downloads:ChunkBytes: the size of each range of a parallel download.
    private const long Chunk = 1024 * 1024;

    [GeneratedRegex(@"bytes from primary (?<primary>[\d,]+), mirror (?<mirror>[\d,]+)")]
    private static partial Regex SourceSplit();

    private static long ParseCount(string count) => long.Parse(count, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static long RangeStart(string? range) =>
        range is null ? 0 : long.Parse(range.Split('=', '-')[1], CultureInfo.InvariantCulture);

    private static List<SimRequest> ContentRequests(UpstreamSimulator.SimulatorHost simulator, string? sha256 = null) =>
        [.. simulator.Catalog.Requests.Snapshot().Where(r => r.Kind == "cdn" && (sha256 is null || r.Path.EndsWith(sha256, StringComparison.Ordinal)))];
}
