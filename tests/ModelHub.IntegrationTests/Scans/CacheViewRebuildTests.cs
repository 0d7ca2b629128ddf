using System.Security.Cryptography;
using Medallion.Threading;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>
/// A cache-view scan rebuilds the view from what is stored: missing and wrong entries come back, leftovers go, and readers
/// of the view meanwhile read whole, right files (each entry changes by one rename; nothing right is ever taken away).
/// </summary>
[Collection(ScanCollection.Name)]
public sealed class CacheViewRebuildTests(ScanFixture fixture) : IAsyncLifetime
{
    private const int Files = 40;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_view_is_damaged_Should_rebuild_it_while_readers_see_whole_files_only()
    {
        fixture.Simulator.Catalog.RemoveRepo("view/rebuilt");
        var repo = fixture.Simulator.Catalog.AddRepo("view/rebuilt", commit =>
        {
            for (var i = 0; i < Files; i++)
            {
                commit.Bytes($"{(i % 2 == 0 ? "shards" : "text")}/file-{i:D2}.bin", ScanSteps.RandomBytes(1_000 + i), lfs: i % 2 == 0);
            }
        });
        await fixture.CreateClient().SyncAsync(repo.Id);
        var files = repo.Main.Files.ToList();
        await fixture.ViewShowsAsync(repo.Id, repo.Main.Sha, files.Select(f => f.Path));
        var before = fixture.ViewLayout(repo.Id);

        var folder = fixture.ViewFolder(repo.Id);
        var snapshot = Path.Combine(folder, "snapshots", repo.Main.Sha);
        File.Delete(Path.Combine(snapshot, files[0].Path));
        File.Delete(Path.Combine(snapshot, files[1].Path));
        File.CreateSymbolicLink(Path.Combine(snapshot, files[1].Path), "../../../blobs/" + new string('0', 64));
        File.Delete(Path.Combine(folder, "blobs", files[2].ETag));
        File.WriteAllText(Path.Combine(folder, "blobs", ".modelhub-left-by-a-crash.incomplete"), "partial");
        File.WriteAllText(Path.Combine(folder, "refs", "deleted-branch"), repo.Main.Sha);
        var unknown = Path.Combine(fixture.CacheViewRoot, "models--view--unknown");
        Directory.CreateDirectory(Path.Combine(unknown, "snapshots", new string('a', 40)));
        Directory.CreateDirectory(Path.Combine(unknown, "blobs"));
        File.WriteAllText(Path.Combine(unknown, "blobs", new string('b', 64)), "bytes nothing stores");
        File.CreateSymbolicLink(Path.Combine(unknown, "snapshots", new string('a', 40), "f"), "../../blobs/" + new string('b', 64));

        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Read(files, snapshot, damaged: 3, stop.Token))).ToList();
        var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "cache-view" }));
        await stop.CancelAsync();
        var reads = (await Task.WhenAll(readers)).Sum();

        reads.ShouldBeGreaterThan(Files * 2);
        var after = fixture.ViewLayout(repo.Id);
        after.Keys.Order(StringComparer.Ordinal).ShouldBe(before.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, entry) in before)
        {
            after[path].ShouldBe(entry, path);
        }

        Directory.Exists(unknown).ShouldBeFalse();
        fixture.DanglingLinks().ShouldBeEmpty();
        scanned.ViewFilesAdded.ShouldBe(3);
        scanned.ViewEntriesRemoved.ShouldBeGreaterThanOrEqualTo(3); // the leftover, the unknown repository's link and blob (and earlier tests' files)
    }

    [Fact]
    public async Task When_another_worker_holds_a_blob_Should_leave_its_file_out_and_report_it_until_the_lock_is_free()
    {
        fixture.Simulator.Catalog.RemoveRepo("view/held");
        var repo = fixture.Simulator.Catalog.AddRepo("view/held", commit => commit
            .Bytes("a.bin", ScanSteps.RandomBytes(1_000))
            .Bytes("b.bin", ScanSteps.RandomBytes(2_000), lfs: true));
        await fixture.CreateClient().SyncAsync(repo.Id);
        await fixture.ViewShowsAsync(repo.Id, repo.Main.Sha, ["a.bin", "b.bin"]);
        Directory.Delete(fixture.ViewFolder(repo.Id), recursive: true);
        var held = repo.Main.File("b.bin");
        var snapshot = Path.Combine(fixture.ViewFolder(repo.Id), "snapshots", repo.Main.Sha);

        await using (await fixture.Api.Services.GetRequiredService<IDistributedLockProvider>().AcquireLockAsync(LockNames.Blob(held.Sha256)))
        {
            var busy = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "cache-view" }));

            busy.Problems.ShouldContain(p => p.Contains(held.Sha256, StringComparison.Ordinal) && p.Contains("a download held it", StringComparison.Ordinal));
            File.Exists(Path.Combine(snapshot, "a.bin")).ShouldBeTrue();
            new FileInfo(Path.Combine(snapshot, "b.bin")).Exists.ShouldBeFalse("a file whose blob another worker holds is not shown");
        }

        var later = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "cache-view" }));

        later.Problems.ShouldNotContain(p => p.Contains(held.Sha256, StringComparison.Ordinal));
        Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(snapshot, "b.bin")))).ShouldBe(held.Sha256);
    }

    /// <summary>
    /// Reads every file through the view until stopped: the intact ones must read whole and right every time; the
    /// <paramref name="damaged"/> first ones may be missing until the rebuild mends them, but never read wrong.
    /// </summary>
    private static int Read(IReadOnlyList<SimFile> files, string snapshot, int damaged, CancellationToken stop)
    {
        var reads = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < files.Count; i++)
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(Path.Combine(snapshot, files[i].Path));
                }
                catch (FileNotFoundException) when (i < damaged)
                {
                    continue;
                }

                Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(files[i].Sha256, files[i].Path);
                reads++;
            }
        }

        return reads;
    }
}
