using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>import: a Hugging Face cache folder into the store and the records, without the network.</summary>
[Collection(ScanCollection.Name)]
public sealed class ImportTests(ScanFixture fixture) : IAsyncLifetime, IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("hf-cache-").FullName;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public async Task When_symlinked_and_plain_caches_are_imported_Should_verify_them_and_report_their_problems()
    {
        var config = ScanSteps.RandomBytes(400);
        var weights = ScanSteps.RandomBytes(300_000);
        var nested = ScanSteps.RandomBytes(900);
        var corrupt = ScanSteps.RandomBytes(5000);
        var linked = new HfCacheBuilder(_cache, "imported/linked")
            .File("config.json", config)
            .File("model.safetensors", weights, lfs: true)
            .File("tokenizer/vocab.json", nested)
            .File("broken.safetensors", corrupt, lfs: true, storedBytes: [.. corrupt[..^1], (byte)(corrupt[^1] ^ 1)])
            .Incomplete(ScanSteps.RandomBytes(8000))
            .Ref();
        var plainWeights = ScanSteps.RandomBytes(120_000);
        var plainBad = ScanSteps.RandomBytes(700);
        var notCached = ScanSteps.RandomBytes(50);
        var plain = new HfCacheBuilder(_cache, "imported/plain", symlinks: false)
            .File("config.json", config)
            .File("pytorch_model.bin", plainWeights, lfs: true)
            .File("bad.json", plainBad, storedBytes: ScanSteps.RandomBytes(700))
            .Ref()
            .Manifest(("README.md", notCached));
        var cacheBefore = Snapshot(_cache);

        var job = await fixture.ScanAsync(new { mode = "import", path = _cache });

        var scanned = await fixture.ScannedAsync(job);
        (scanned.RepositoriesImported, scanned.FilesImported, scanned.FilesSkipped).ShouldBe((2, 5, 3));
        scanned.Problems.ShouldContain(p => p.StartsWith("corrupt: imported/linked", StringComparison.Ordinal) && p.Contains("broken.safetensors"));
        scanned.Problems.ShouldContain(p => p.StartsWith("corrupt: imported/plain", StringComparison.Ordinal) && p.Contains("bad.json"));
        scanned.Problems.ShouldContain(p => p.StartsWith("incomplete: imported/linked", StringComparison.Ordinal));
        Snapshot(_cache).ShouldBe(cacheBefore, "an import only reads the cache");

        var linkedFiles = await fixture.ArtifactsAsync("imported/linked");
        linkedFiles.Select(a => (a.Path, a.Status, a.Commit)).ShouldBe([
            ("config.json", ArtifactStatus.Completed, linked.Commit),
            ("model.safetensors", ArtifactStatus.Completed, linked.Commit),
            ("tokenizer/vocab.json", ArtifactStatus.Completed, linked.Commit)]);
        var model = linkedFiles.Single(a => a.Path == "model.safetensors");
        (model.ContentHash, model.LfsSha256, model.Size).ShouldBe((HfCacheBuilder.Sha256(weights), HfCacheBuilder.Sha256(weights), weights.Length));
        linkedFiles.Single(a => a.Path == "config.json").GitBlobOid.ShouldBe(HfCacheBuilder.GitOid(config));

        var plainFiles = await fixture.ArtifactsAsync("imported/plain");
        plainFiles.Select(a => (a.Path, a.Status)).ShouldBe([
            ("README.md", ArtifactStatus.NotDownloaded),
            ("bad.json", ArtifactStatus.NotDownloaded),
            ("config.json", ArtifactStatus.Completed),
            ("pytorch_model.bin", ArtifactStatus.Completed)]);

        foreach (var blob in Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")))
        {
            HfCacheBuilder.Sha256(await File.ReadAllBytesAsync(blob)).ShouldBe(Path.GetFileName(blob));
        }

        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Count().ShouldBe(4, "config.json is in both caches, stored once");
        var repo = await fixture.WithDbAsync(db => db.Repositories.AsNoTracking().SingleAsync(r => r.RepoId == "imported/linked"));
        repo.LastSyncedCommit.ShouldBe(linked.Commit);
        (await fixture.WithDbAsync(db => db.Revisions.AsNoTracking().SingleAsync(r => r.RepositoryId == repo.Id))).Commit.ShouldBe(linked.Commit);
        var files = await (await fixture.CreateClient().GetAsync("/v1/hub/models/imported/plain/files")).ReadJsonAsync();
        files["commit"]!.GetValue<string>().ShouldBe(plain.Commit);
    }

    [Fact]
    public async Task When_a_cache_holds_a_model_and_a_dataset_of_one_id_Should_import_two_repositories()
    {
        var card = ScanSteps.RandomBytes(300);
        var shard = ScanSteps.RandomBytes(200_000);
        var config = ScanSteps.RandomBytes(500);
        var dataset = new HfCacheBuilder(_cache, "imported/both", dataset: true)
            .File("README.md", card)
            .File("data/train-00000-of-00001.parquet", shard, lfs: true)
            .Ref();
        new HfCacheBuilder(_cache, "imported/both").File("config.json", config).Ref();

        var job = await fixture.ScanAsync(new { mode = "import", path = _cache });

        var scanned = await fixture.ScannedAsync(job);
        (scanned.RepositoriesImported, scanned.FilesImported, scanned.FilesSkipped).ShouldBe((2, 3, 0));
        var files = await fixture.WithDbAsync(db => db.Artifacts.AsNoTracking()
            .Join(db.Repositories, a => a.RepositoryId, r => r.Id, (a, r) => new { r.RepoType, r.RepoId, a.Path, a.Status })
            .Where(f => f.RepoId == "imported/both").ToListAsync());
        files.Select(f => (f.RepoType, f.Path, f.Status)).OrderBy(f => f.RepoType).ThenBy(f => f.Path, StringComparer.Ordinal).ShouldBe([
            (RepoType.Model, "config.json", ArtifactStatus.Completed),
            (RepoType.Dataset, "README.md", ArtifactStatus.Completed),
            (RepoType.Dataset, "data/train-00000-of-00001.parquet", ArtifactStatus.Completed)]);
        var listed = await (await fixture.CreateClient().GetAsync("/v1/hub/datasets/imported/both/files")).ReadJsonAsync();
        listed["commit"]!.GetValue<string>().ShouldBe(dataset.Commit);
        File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", HfCacheBuilder.Sha256(shard))).ShouldBeTrue();

        // A verify of one repository names its type: the dataset's two blobs, then the model's one.
        var datasetVerify = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify", repo_id = "imported/both", repo_type = "dataset" }));
        var modelVerify = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify", repo_id = "imported/both" }));
        (datasetVerify.BlobsChecked, datasetVerify.BytesChecked).ShouldBe((2, card.Length + shard.Length));
        (modelVerify.BlobsChecked, modelVerify.BytesChecked).ShouldBe((1, config.Length));
    }

    [Fact]
    public async Task When_the_folder_is_no_cache_Should_fail_the_job_with_the_reason()
    {
        var missing = await fixture.ScanAsync(new { mode = "import", path = Path.Combine(_cache, "nothing-here") }, "failed");
        missing["error"]!.GetValue<string>().ShouldContain("is not a folder the ScanService can read");

        Directory.CreateDirectory(Path.Combine(_cache, "spaces--org--app"));
        var empty = await fixture.ScanAsync(new { mode = "import", path = _cache }, "failed");
        empty["error"]!.GetValue<string>().ShouldContain("holds no repository folder");
    }

    [Fact]
    public async Task When_a_snapshot_link_leaves_the_cache_Should_not_follow_it()
    {
        var secret = Path.Combine(_cache, "secret.txt");
        await File.WriteAllTextAsync(secret, "not a model file");
        var builder = new HfCacheBuilder(_cache, "imported/escape").File("config.json", ScanSteps.RandomBytes(100)).Ref();
        File.CreateSymbolicLink(Path.Combine(builder.RepoFolder, "snapshots", builder.Commit, "stolen.txt"), secret);

        var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "import", path = builder.RepoFolder }));

        (scanned.FilesImported, scanned.FilesSkipped).ShouldBe((1, 1));
        scanned.Problems.ShouldContain(p => p.StartsWith("unsafe:", StringComparison.Ordinal) && p.Contains("stolen.txt"));
        (await fixture.ArtifactsAsync("imported/escape")).ShouldNotContain(a => a.Path == "stolen.txt");
    }

    private static List<string> Snapshot(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(p => $"{p}:{(File.Exists(p) ? new FileInfo(p).Length : 0)}:{File.GetLastWriteTimeUtc(p).Ticks}").Order()];
}
