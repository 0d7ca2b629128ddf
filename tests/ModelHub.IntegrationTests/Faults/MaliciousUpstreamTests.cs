using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelHub.IntegrationTests.HostileInput;
using ModelHub.Persistence.Artifacts;
using ModelHub.UpstreamSimulator.Faults;
using Xunit.Abstractions;

namespace ModelHub.IntegrationTests.Faults;

/// <summary>
/// The real services against an upstream that lies: hostile paths in its listing, wrong bytes, short
/// bodies, bodies that hang, trickle, never end or run past the promised size. Every job ends with an
/// error that says what happened (or retries and succeeds), <c>blobs/</c> holds only verified files,
/// nothing appears outside the store, and what <c>temp/</c> keeps is a resumable part at most.
/// </summary>
[Collection(MaliceCollection.Name)]
public sealed class MaliciousUpstreamTests(MaliceFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    // The simulator logs a request when its answer ends: one an earlier test left hanging may come in late.
    private DateTimeOffset _since;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        MaliciousRepo.AddTo(fixture.Simulator.Catalog);
        _since = DateTimeOffset.UtcNow;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_listing_holds_hostile_paths_Should_store_only_the_safe_files_and_only_inside_the_store()
    {
        var guard = StoreGuard.Watch(fixture);

        var job = await SyncAsync("completed");

        job["summary"]!.GetValue<string>().ShouldContain($"refused {MaliciousRepo.HostilePaths.Count} unsafe path(s)");
        var recorded = await fixture.WithDbAsync(db => db.Artifacts.Select(a => a.Path).ToListAsync());
        recorded.Order(StringComparer.Ordinal).ShouldBe(MaliciousRepo.SafePaths.Order(StringComparer.Ordinal));
        var main = fixture.Simulator.Catalog[MaliciousRepo.Id].Main;
        foreach (var file in main.Files.Where(f => MaliciousRepo.SafeLookalikes.Contains(f.Path) || f.Path == "README.md"))
        {
            (await File.ReadAllBytesAsync(MetadataPath(main.Sha, file.Path))).ShouldBe(file.ReadAllBytes(), file.Path);
        }

        // The file named like README's blob went to metadata/, and the blob still holds README's bytes.
        (await File.ReadAllTextAsync(BlobPath(MaliciousRepo.ReadmeSha256))).ShouldBe(MaliciousRepo.Readme);
        ShouldHoldOnlySafeFiles(guard, main.Sha);
        Directory.EnumerateFiles(Temp).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("wrong bytes", "checksum mismatch: expected git blob")]
    [InlineData("truncated body", "upstream broke off the download of")]
    [InlineData("stalled body", "upstream sent no bytes for 1 s during the download of")]
    [InlineData("trickle", "upstream sent only")]
    [InlineData("endless slow body", "upstream sent only")]
    [InlineData("oversize body", "size mismatch: expected 204800 bytes, the upstream sent more (stopped reading at ")]
    [InlineData("endless body", "size mismatch: expected 204800 bytes, the upstream sent more (stopped reading at ")]
    [InlineData("oversize announced", "size mismatch: expected 204800 bytes from byte 0, the upstream announced 270336")]
    public async Task When_a_small_file_comes_from_a_malicious_upstream_Should_fail_the_sync_with_a_clear_error_and_store_nothing_of_it(string fault, string error)
    {
        fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(MaliciousRepo.SmallVictim).Apply(fault);
        var guard = StoreGuard.Watch(fixture);
        var clock = Stopwatch.StartNew();

        var job = await SyncAsync("failed");

        var message = job["error"]!.GetValue<string>();
        var failedAfter = clock.Elapsed;
        Verdicts(error).ShouldContain(verdict => message.Contains($"{MaliciousRepo.SmallVictim}: {verdict}"), message);
        var attempts = await FileRequestsAsync(MaliciousRepo.SmallVictim, 3);
        Report(fault, "sync", failedAfter, attempts, message);
        attempts.Count.ShouldBe(3, "Sync:FetchAttempts");
        var statuses = await fixture.WithDbAsync(db => db.Artifacts.ToDictionaryAsync(a => a.Path, a => a.Status));
        statuses[MaliciousRepo.SmallVictim].ShouldBe(ArtifactStatus.Failed);
        statuses["README.md"].ShouldBe(ArtifactStatus.Completed);
        statuses[MaliciousRepo.SafeLookalikes[2]].ShouldBe(ArtifactStatus.Completed);
        ShouldHoldOnlySafeFiles(guard, fixture.Simulator.Catalog[MaliciousRepo.Id].Main.Sha);
        Directory.EnumerateFiles(Temp).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_small_file_stalls_once_Should_fetch_it_again_and_complete_the_sync()
    {
        fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(MaliciousRepo.SmallVictim).Apply("stalled once");
        var clock = Stopwatch.StartNew();

        await SyncAsync("completed");

        var completedAfter = clock.Elapsed;
        var attempts = await FileRequestsAsync(MaliciousRepo.SmallVictim, 2);
        Report("stalled once", "sync", completedAfter, attempts, "completed");
        attempts.Count.ShouldBe(2);
        var victim = fixture.Simulator.Catalog[MaliciousRepo.Id].Main.File(MaliciousRepo.SmallVictim);
        (await File.ReadAllBytesAsync(BlobPath(victim.Sha256))).ShouldBe(victim.ReadAllBytes());
        Directory.EnumerateFiles(Temp).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(MaliciousRepo.Weight, "wrong bytes", "checksum mismatch: expected sha256", false)]
    [InlineData(MaliciousRepo.Weight, "truncated body", "upstream broke off the download of", true)]
    [InlineData(MaliciousRepo.Weight, "stalled body", "upstream sent no bytes for 1 s during the download of", true)]
    [InlineData(MaliciousRepo.Weight, "trickle", "upstream sent only", true)]
    [InlineData(MaliciousRepo.Weight, "endless slow body", "upstream sent only", true)]
    [InlineData(MaliciousRepo.Weight, "oversize body", "size mismatch: expected 1572864 bytes, the upstream sent more (stopped reading at ", false)]
    [InlineData(MaliciousRepo.Weight, "endless body", "size mismatch: expected 1572864 bytes, the upstream sent more (stopped reading at ", false)]
    [InlineData(MaliciousRepo.Weight, "oversize announced", "size mismatch: expected 1572864 bytes from byte 0, the upstream announced 1638400", false)]
    [InlineData(MaliciousRepo.Shard, "stalled body", "upstream sent no bytes for 1 s during the download of", true)]
    [InlineData(MaliciousRepo.Shard, "oversize body", "size mismatch: expected 1048576 bytes for bytes *, the upstream sent more", false)]
    [InlineData(MaliciousRepo.Shard, "oversize announced", "size mismatch: expected 1048576 bytes for bytes *, the upstream announced 1114112", false)]
    public async Task When_a_download_comes_from_a_malicious_upstream_Should_fail_with_a_clear_error_and_store_nothing(string path, string fault, string error, bool retried)
    {
        await SyncAsync("completed");
        var file = fixture.Simulator.Catalog[MaliciousRepo.Id].Main.File(path);
        var artifactId = await ArtifactIdAsync(path);
        fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(path).Apply(fault);
        fixture.Simulator.Catalog.Requests.Clear();
        var guard = StoreGuard.Watch(fixture);
        var clock = Stopwatch.StartNew();

        var job = await _client.DownloadAsync(artifactId, "failed", seconds: 30);

        var failedAfter = clock.Elapsed;
        var message = job["error"]!.GetValue<string>();
        var (start, end) = error.Split('*') is [var head, var tail] ? (head, tail) : (error, ""); // '*': the range
        Verdicts(start).ShouldContain(verdict => message.StartsWith(verdict, StringComparison.Ordinal), message);
        message.ShouldEndWith(end);
        // A verdict is not retried; a transient fault is, three times. A ranged attempt asks for the first range
        // once, unless a verdict on another range stopped it first.
        var firstRange = (SimRequest r) => r.Range?.StartsWith("bytes=0-", StringComparison.Ordinal) == true;
        var requests = path == MaliciousRepo.Weight || !retried
            ? await FileRequestsAsync(path, retried ? 4 : 1)
            : await FileRequestsAsync(path, 4, firstRange);
        Report(fault, $"download of {path}", failedAfter, requests, message);
        if (path == MaliciousRepo.Weight)
        {
            requests.Count.ShouldBe(retried ? 4 : 1);
        }
        else if (retried)
        {
            requests.Count(firstRange).ShouldBe(4);
        }
        else
        {
            requests.Count.ShouldBeInRange(1, 4, "one attempt, over Downloads:Connections");
        }

        File.Exists(BlobPath(file.Sha256)).ShouldBeFalse();
        ShouldHoldOnlySafeFiles(guard, fixture.Simulator.Catalog[MaliciousRepo.Id].Main.Sha);
        ShouldKeepAtMostAResumablePart(artifactId, file.Size, retried);
    }

    [Fact]
    public async Task When_a_download_stalls_once_Should_resume_where_it_stopped_and_complete()
    {
        await SyncAsync("completed");
        var file = fixture.Simulator.Catalog[MaliciousRepo.Id].Main.File(MaliciousRepo.Weight);
        var artifactId = await ArtifactIdAsync(MaliciousRepo.Weight);
        fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(MaliciousRepo.Weight).Apply("stalled once");
        fixture.Simulator.Catalog.Requests.Clear();
        var clock = Stopwatch.StartNew();

        await _client.DownloadAsync(artifactId, seconds: 30);

        var completedAfter = clock.Elapsed;
        var requests = await FileRequestsAsync(MaliciousRepo.Weight, 2);
        Report("stalled once", "download", completedAfter, requests, "completed");
        requests.Count.ShouldBe(2);
        requests.Select(r => r.Range).ShouldBe([null, $"bytes={64 * 1024}-"]);
        (await File.ReadAllBytesAsync(BlobPath(file.Sha256))).ShouldBe(file.ReadAllBytes());
        Directory.EnumerateFiles(Temp).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("stalled body")]
    [InlineData("endless slow body")]
    [InlineData("oversize body")]
    [InlineData("endless body")]
    [InlineData("oversize announced")]
    public async Task When_a_client_pulls_through_a_malicious_upstream_Should_get_an_error_or_a_cut_body_and_nothing_be_stored(string fault)
    {
        await SyncAsync("completed");
        var file = fixture.Simulator.Catalog[MaliciousRepo.Id].Main.File(MaliciousRepo.Weight);
        fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(MaliciousRepo.Weight).Apply(fault);
        var guard = StoreGuard.Watch(fixture);
        var clock = Stopwatch.StartNew();

        using var response = await _client.GetAsync($"/{MaliciousRepo.Id}/resolve/main/{MaliciousRepo.Weight}", HttpCompletionOption.ResponseHeadersRead);
        var (received, failure) = await ResponseBodies.ReadToTheEndAsync(response);

        output.WriteLine($"{fault}, pull-through: HTTP {(int)response.StatusCode}, {received} of {file.Size} bytes, "
            + $"the body ended after {clock.Elapsed.TotalSeconds:0.00} s ({failure?.GetType().Name ?? "no error"}: {failure?.Message ?? Header(response)})");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            failure.ShouldNotBeNull("the body must not end as if it were complete");
            received.ShouldBeLessThan(file.Size);
        }
        else
        {
            // Failed before a byte was sent: the client is told why.
            var stalled = IsStall(fault);
            response.StatusCode.ShouldBe(stalled ? HttpStatusCode.GatewayTimeout : HttpStatusCode.BadGateway);
            Header(response).ShouldContain(stalled ? "upstream sent" : "size mismatch");
        }

        File.Exists(BlobPath(file.Sha256)).ShouldBeFalse();
        var artifact = await fixture.WithDbAsync(db => db.Artifacts.SingleAsync(a => a.Path == MaliciousRepo.Weight));
        await Poll.UntilAsync(async () => (await fixture.WithDbAsync(db => db.Artifacts.SingleAsync(a => a.Id == artifact.Id))).Status != ArtifactStatus.Downloading,
            TimeSpan.FromSeconds(10), "the fetch over");
        artifact.Status.ShouldNotBe(ArtifactStatus.Completed);
        // Wrong bytes leave nothing; a stalled body leaves the part, which the next request for the file resumes.
        ShouldKeepAtMostAResumablePart(artifact.Id, file.Size, retried: IsStall(fault));
        ShouldHoldOnlySafeFiles(guard, fixture.Simulator.Catalog[MaliciousRepo.Id].Main.Sha);
    }

    [Fact]
    public async Task When_a_cold_file_stalls_before_its_first_byte_Should_tell_the_client_why()
    {
        await SyncAsync("completed");
        fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(MaliciousRepo.Weight).Apply("stalled at once");

        using var response = await _client.GetAsync($"/{MaliciousRepo.Id}/resolve/main/{MaliciousRepo.Weight}");

        // Not a reset connection: nothing was sent yet, so the answer can still be an error that says what happened.
        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);
        Header(response).ShouldContain("and the upstream stopped sending it: upstream sent no bytes for 1 s");
        var artifact = await fixture.WithDbAsync(db => db.Artifacts.SingleAsync(a => a.Path == MaliciousRepo.Weight));
        ShouldKeepAtMostAResumablePart(artifact.Id, fixture.Simulator.Catalog[MaliciousRepo.Id].Main.File(MaliciousRepo.Weight).Size, retried: true);
    }

    [Fact]
    public async Task When_a_pull_through_stalled_mid_file_Should_resume_it_from_the_kept_part_for_the_next_client()
    {
        await SyncAsync("completed");
        var file = fixture.Simulator.Catalog[MaliciousRepo.Id].Main.File(MaliciousRepo.Weight);
        fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(MaliciousRepo.Weight).Apply("stalled once");
        var url = $"/{MaliciousRepo.Id}/resolve/main/{MaliciousRepo.Weight}";

        using (var first = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            // 64 KiB arrived before the stall, and reach the client while the upstream is silent: its answer has begun.
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await ResponseBodies.ReadToTheEndAsync(first)).Failure.ShouldNotBeNull("the first body stalls and is cut");
        }

        await FileRequestsAsync(MaliciousRepo.Weight, 1);
        await Poll.UntilAsync(
            async () => (await fixture.WithDbAsync(db => db.Artifacts.SingleAsync(a => a.Path == MaliciousRepo.Weight))).Status != ArtifactStatus.Downloading,
            TimeSpan.FromSeconds(10), "the first fetch over");
        var second = await _client.GetByteArrayAsync(url);

        second.ShouldBe(file.ReadAllBytes());
        var requests = await FileRequestsAsync(MaliciousRepo.Weight, 2);
        requests.Select(r => r.Range).ShouldBe([null, $"bytes={64 * 1024}-"]);
        Directory.EnumerateFiles(Temp).ShouldBeEmpty();
    }

    /// <summary>
    /// The messages that may answer a fault: one, except for a body slower than the minimum rate. That one is cut as
    /// a trickle, or, when a loaded machine lets a whole window pass without one of its few bytes, as silent; both are
    /// the stall guard's verdict on it.
    /// </summary>
    private static string[] Verdicts(string expected) => expected == "upstream sent only"
        ? [expected, $"upstream sent no bytes for {MaliceFixture.StallWindow.TotalSeconds:0} s during the download of"]
        : [expected];

    private static bool IsStall(string fault) => fault.Contains("stalled", StringComparison.Ordinal) || fault.Contains("slow", StringComparison.Ordinal);

    private string Temp => Path.Combine(fixture.StoreRoot, "temp");

    private string BlobPath(string sha256) => Path.Combine(fixture.StoreRoot, "blobs", "sha256", sha256);

    private string MetadataPath(string commit, string path) => Path.Combine(fixture.StoreRoot, "metadata", MaliciousRepo.Id, commit, path);

    /// <summary>Nothing new outside the store, every blob named by its hash, and metadata/ only the repository's safe paths.</summary>
    private void ShouldHoldOnlySafeFiles(StoreGuard guard, string commit)
    {
        guard.ShouldHoldNothingNewOutsideTheStore();
        var metadata = Path.Combine(fixture.StoreRoot, "metadata", MaliciousRepo.Id, commit);
        var linked = Directory.Exists(metadata)
            ? Directory.EnumerateFiles(metadata, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(metadata, f).Replace('\\', '/'))
            : [];
        linked.ShouldBeSubsetOf(MaliciousRepo.SafePaths);
        var metadataRoot = Path.Combine(fixture.StoreRoot, "metadata");
        (Directory.Exists(metadataRoot) ? Directory.EnumerateFileSystemEntries(metadataRoot) : []).ShouldAllBe(e => Path.GetFileName(e) == "sim");
    }

    /// <summary>A verdict leaves temp/ empty; a transient failure may leave the artifact's part (and its notes) for a retry to resume.</summary>
    private void ShouldKeepAtMostAResumablePart(Guid artifactId, long size, bool retried)
    {
        var kept = Directory.EnumerateFiles(Temp).Select(Path.GetFileName).ToList();
        if (!retried)
        {
            kept.ShouldBeEmpty();
            return;
        }

        kept.ShouldAllBe(name => name!.StartsWith($"download-{artifactId:N}.part", StringComparison.Ordinal));
        var part = Path.Combine(Temp, $"download-{artifactId:N}.part");
        var partSize = File.Exists(part) ? new FileInfo(part).Length : 0;
        partSize.ShouldBeLessThanOrEqualTo(size);
        var chunks = File.Exists(part + ".chunks") ? $", {File.ReadAllLines(part + ".chunks").Length} ranges noted as written" : "";
        output.WriteLine($"kept for a retry: {string.Join(", ", kept)} (the part is {partSize} of {size} bytes{chunks})");
    }

    private void Report(string fault, string what, TimeSpan elapsed, IReadOnlyList<SimRequest> requests, string outcome)
    {
        var gaps = requests.Zip(requests.Skip(1), (a, b) => $"{(b.At - a.At).TotalSeconds:0.00} s");
        output.WriteLine($"{fault}, {what}: {requests.Count} upstream request(s) for the file, "
            + $"between attempts {string.Join(", ", gaps.DefaultIfEmpty("-"))}; ended after {elapsed.TotalSeconds:0.00} s: {outcome}");
    }

    private Task<List<SimRequest>> FileRequestsAsync(string path, int expected, Func<SimRequest, bool>? counted = null) =>
        FileRequests.WaitForAsync(fixture.Simulator.Catalog, MaliciousRepo.Id, path, _since, expected, counted);

    private Task<JsonNode> SyncAsync(string state) => _client.SyncAsync(MaliciousRepo.Id, state, seconds: 30);

    private Task<Guid> ArtifactIdAsync(string path) =>
        fixture.WithDbAsync(db => db.Artifacts.Where(a => a.Path == path).Select(a => a.Id).SingleAsync());

    private static string Header(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Error-Message", out var values) ? values.Single() : "";
}
