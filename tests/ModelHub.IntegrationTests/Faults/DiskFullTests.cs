using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ModelHub.IntegrationTests.HostileInput;
using ModelHub.Persistence.Artifacts;
using Xunit.Abstractions;

namespace ModelHub.IntegrationTests.Faults;

/// <summary>
/// The store's disk fills up during a download, a sync and a pull-through (a 16 MiB tmpfs, 64 MiB weights, 50 MiB of small
/// files): each fails saying the disk is full, no partial blob enters <c>blobs/</c>, the part is removed (its space is what
/// the next try needs), the service goes on, and the same work succeeds once the disk is grown.
/// </summary>
[Collection(DiskFullCollection.Name)]
public sealed class DiskFullTests(DiskFullFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string LargeRepo = "sim/large-file";
    private const string ManyRepo = "sim/many-weights";
    private const string DiskFull = "the store's disk is full";

    private readonly HttpClient _client = fixture.CreateClient();

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ResizeAsync(DiskFullFixture.SmallBytes);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_disk_fills_during_a_download_Should_fail_saying_so_keep_nothing_and_succeed_once_there_is_room()
    {
        await _client.SyncAsync(LargeRepo, seconds: 60);
        var file = fixture.Simulator.Catalog[LargeRepo].Main.File("cold.safetensors");
        var artifactId = await ArtifactIdAsync(LargeRepo, file.Path);

        var job = await _client.DownloadAsync(artifactId, "failed", seconds: 60);

        var error = job["error"]!.GetValue<string>();
        output.WriteLine($"download of {file.Size} bytes onto a {DiskFullFixture.SmallBytes}-byte disk: {error}");
        error.ShouldContain(DiskFull);
        ShouldHoldNoPartAndOnlyVerifiedBlobs();
        File.Exists(BlobPath(file.Sha256)).ShouldBeFalse();

        await fixture.ResizeAsync(DiskFullFixture.RoomyBytes);
        await _client.DownloadAsync(artifactId, seconds: 60);
        HashOf(BlobPath(file.Sha256)).ShouldBe(file.Sha256);
        ShouldHoldNoPartAndOnlyVerifiedBlobs();
    }

    [Fact]
    public async Task When_the_disk_fills_during_a_sync_Should_fail_it_saying_so_keep_what_was_verified_and_finish_once_there_is_room()
    {
        var job = await _client.SyncAsync(ManyRepo, "failed", seconds: 120);

        var error = job["error"]!.GetValue<string>();
        output.WriteLine($"sync of {fixture.Simulator.Catalog[ManyRepo].Main.Files.Sum(f => f.Size)} bytes of small files: {error[..Math.Min(300, error.Length)]}…");
        error.ShouldContain(DiskFull);
        ShouldHoldNoPartAndOnlyVerifiedBlobs();

        await fixture.ResizeAsync(DiskFullFixture.RoomyBytes);
        await _client.SyncAsync(ManyRepo, seconds: 120);
        var weights = fixture.Simulator.Catalog[ManyRepo].Main.Files.Where(f => f.IsLfs).ToList();
        weights.ShouldAllBe(w => File.Exists(BlobPath(w.Sha256)));
        ShouldHoldNoPartAndOnlyVerifiedBlobs();
    }

    [Fact]
    public async Task When_the_disk_fills_during_a_pull_through_Should_not_send_a_whole_file_keep_nothing_and_serve_it_once_there_is_room()
    {
        await _client.SyncAsync(LargeRepo, seconds: 60);
        var file = fixture.Simulator.Catalog[LargeRepo].Main.File("throttled.safetensors");
        var url = $"/{LargeRepo}/resolve/main/{file.Path}";

        using (var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            var (received, failure) = await ResponseBodies.ReadToTheEndAsync(response);
            output.WriteLine($"pull-through of {file.Size} bytes onto a {DiskFullFixture.SmallBytes}-byte disk: HTTP {(int)response.StatusCode}, "
                + $"{received} bytes, then {failure?.Message ?? "the end"}; {string.Join(" ", response.Headers.TryGetValues("X-Error-Message", out var m) ? m : [])}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                failure.ShouldNotBeNull("a body cut by the full disk must not end as if it were complete");
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.InsufficientStorage);
                response.Headers.GetValues("X-Error-Message").Single().ShouldContain(DiskFull);
            }
        }

        await Poll.UntilAsync(async () => (await fixture.WithDbAsync(db => db.Artifacts.SingleAsync(a => a.Path == file.Path))).Status != ArtifactStatus.Downloading,
            TimeSpan.FromSeconds(30), "the pull-through's fetch over");
        ShouldHoldNoPartAndOnlyVerifiedBlobs();
        File.Exists(BlobPath(file.Sha256)).ShouldBeFalse();

        await fixture.ResizeAsync(DiskFullFixture.RoomyBytes);
        Convert.ToHexStringLower(SHA256.HashData(await _client.GetByteArrayAsync(url))).ShouldBe(file.Sha256);
    }

    /// <summary>Nothing left in <c>temp/</c>, and every blob is named by the SHA-256 of its bytes.</summary>
    private void ShouldHoldNoPartAndOnlyVerifiedBlobs()
    {
        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "temp")).ShouldBeEmpty();
        StoreGuard.ShouldHoldOnlyVerifiedBlobs(fixture.StoreRoot);
    }

    private Task<Guid> ArtifactIdAsync(string repoId, string path) => fixture.WithDbAsync(db => db.Artifacts
        .Where(a => a.Path == path && db.Repositories.Any(r => r.Id == a.RepositoryId && r.RepoId == repoId)).Select(a => a.Id).SingleAsync());

    private string BlobPath(string sha256) => Path.Combine(fixture.StoreRoot, "blobs", "sha256", sha256);

    private static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
