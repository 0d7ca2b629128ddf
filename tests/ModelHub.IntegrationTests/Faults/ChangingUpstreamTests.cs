using Microsoft.EntityFrameworkCore;
using ModelHub.UpstreamSimulator.Faults;
using Xunit.Abstractions;

namespace ModelHub.IntegrationTests.Faults;

/// <summary>
/// A download resumed against an upstream that has changed under it: it ignores ranges, or the file was published anew
/// (another ETag, the same or other bytes). Each time the download starts afresh rather than append to what it kept, and
/// ends with the verified file or a checksum mismatch and nothing stored: never a file made of two versions.
/// </summary>
[Collection(MaliceCollection.Name)]
public sealed class ChangingUpstreamTests(MaliceFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const long KeptBytes = 64 * 1024;
    private static readonly string ResumedRange = $"bytes={KeptBytes}-";

    private readonly HttpClient _client = fixture.CreateClient();
    private DateTimeOffset _since;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        MaliciousRepo.AddTo(fixture.Simulator.Catalog);
        await _client.SyncAsync(MaliciousRepo.Id, seconds: 30);
        _since = DateTimeOffset.UtcNow;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_upstream_ignores_the_range_of_a_resumed_download_Should_start_afresh_and_store_the_verified_file()
    {
        // The first body stalls after 64 KiB; the retry asks for the rest and gets the whole file.
        var knobs = WeightFaults();
        knobs.Apply("stalled once");
        knobs.IgnoreRanges = true;

        await _client.DownloadAsync(await ArtifactIdAsync(MaliciousRepo.Weight), seconds: 30);

        var requests = await FileRequestsAsync(MaliciousRepo.Weight, 2);
        Describe(requests);
        requests.Select(r => r.Range).ShouldBe([null, ResumedRange]);
        requests.Select(r => r.Status).ShouldBe([200, 200], "the resumed request was answered with the whole file");
        await ShouldHoldTheVerifiedFileAsync(MaliciousRepo.Weight);
    }

    [Fact]
    public async Task When_the_upstream_ignores_the_ranges_of_a_parallel_download_Should_fetch_the_file_in_one_stream()
    {
        fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(MaliciousRepo.Shard).IgnoreRanges = true;

        await _client.DownloadAsync(await ArtifactIdAsync(MaliciousRepo.Shard), seconds: 30);

        await FileRequestsAsync(MaliciousRepo.Shard, 1, r => r.Range is null);
        var requests = await FileRequestsAsync(MaliciousRepo.Shard, 2);
        Describe(requests);
        requests.ShouldAllBe(r => r.Status == 200, "no range was served as a range");
        requests.Count(r => r.Range is null).ShouldBe(1, "one stream from byte 0 after the ranged requests came back whole");
        await ShouldHoldTheVerifiedFileAsync(MaliciousRepo.Shard);
    }

    [Fact]
    public async Task When_the_file_gets_another_ETag_while_a_download_is_resumed_Should_start_afresh_and_store_the_verified_file()
    {
        // After the first body (which stalls), the file is announced with another ETag; its bytes stay the same.
        var knobs = WeightFaults();
        knobs.Apply("stalled once");
        knobs.RepublishAfterBodies = 1;

        await _client.DownloadAsync(await ArtifactIdAsync(MaliciousRepo.Weight), seconds: 30);

        // The resumed request is abandoned on the ETag; an abandoned answer is logged when it ends, so not in order.
        var requests = await FileRequestsAsync(MaliciousRepo.Weight, 3);
        Describe(requests);
        requests.Select(r => r.Range).Order(StringComparer.Ordinal).ShouldBe([null, null, ResumedRange]);
        await ShouldHoldTheVerifiedFileAsync(MaliciousRepo.Weight);
    }

    [Fact]
    public async Task When_the_file_changes_while_a_download_is_resumed_Should_fail_with_a_checksum_mismatch_and_store_nothing()
    {
        // After the first body (which stalls), the upstream serves a new version of the file under the same commit.
        var knobs = WeightFaults();
        knobs.Apply("stalled once");
        (knobs.RepublishAfterBodies, knobs.RepublishedBytesDiffer) = (1, true);
        var file = fixture.Simulator.Catalog[MaliciousRepo.Id].Main.File(MaliciousRepo.Weight);

        var job = await _client.DownloadAsync(await ArtifactIdAsync(MaliciousRepo.Weight), "failed", seconds: 30);

        var requests = await FileRequestsAsync(MaliciousRepo.Weight, 3);
        Describe(requests);
        var error = job["error"]!.GetValue<string>();
        output.WriteLine($"the job failed: {error}");
        error.ShouldStartWith($"checksum mismatch: expected sha256 {file.Sha256}");
        requests.Count(r => r.Range is null).ShouldBe(2, "the kept bytes were dropped for a fresh start, not appended to");
        File.Exists(BlobPath(file.Sha256)).ShouldBeFalse();
        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "temp")).ShouldBeEmpty("neither version's bytes are kept");
    }

    private FaultKnobs WeightFaults() => fixture.Simulator.Catalog[MaliciousRepo.Id].FileFaults(MaliciousRepo.Weight);

    private async Task ShouldHoldTheVerifiedFileAsync(string path)
    {
        var file = fixture.Simulator.Catalog[MaliciousRepo.Id].Main.File(path);
        (await File.ReadAllBytesAsync(BlobPath(file.Sha256))).ShouldBe(file.ReadAllBytes());
        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "temp")).ShouldBeEmpty();
    }

    private void Describe(IEnumerable<SimRequest> requests) =>
        output.WriteLine("upstream answers for the file's bytes: " + string.Join(", ", requests.Select(r => $"{r.Range ?? "whole"} → {r.Status}")));

    private Task<List<SimRequest>> FileRequestsAsync(string path, int expected, Func<SimRequest, bool>? counted = null) =>
        FileRequests.WaitForAsync(fixture.Simulator.Catalog, MaliciousRepo.Id, path, _since, expected, counted);

    private Task<Guid> ArtifactIdAsync(string path) =>
        fixture.WithDbAsync(db => db.Artifacts.Where(a => a.Path == path).Select(a => a.Id).SingleAsync());

    private string BlobPath(string sha256) => Path.Combine(fixture.StoreRoot, "blobs", "sha256", sha256);
}
