using ModelHub.Contracts.Repositories;
using ModelHub.IntegrationTests.HubCompatibility;
using ModelHub.UpstreamSimulator.Catalog;
using RepoType = ModelHub.Contracts.Repositories.RepoType;
using SimRepoType = ModelHub.UpstreamSimulator.Catalog.RepoType;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>
/// The cache view (<c>CacheView:Folder</c>): the store as a Hugging Face cache folder, kept with the store by the ScanService.
/// Files stored by a sync, an import or a scan show in it in the official clients' layout, with no byte stored twice; an
/// eviction or a quarantine takes them out leaving no link to nowhere; a moved branch moves its ref; a rebuild repairs it
/// while readers keep reading.
/// </summary>
[Collection(ScanCollection.Name)]
public sealed class CacheViewTests(ScanFixture fixture, NpmHubClient npm) : IAsyncLifetime, IClassFixture<NpmHubClient>
{
    private const string ReadToken = "hf_modelhub_view_npm";

    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_synced_repository_is_stored_Should_show_it_as_the_npm_client_lays_out_its_own_cache_and_read_by_its_cache_tool()
    {
        var repo = AddRepo("view/npm-model");
        await _client.SyncAsync(repo.Id);
        await fixture.ViewShowsAsync(repo.Id, repo.Main.Sha, repo.Main.Files.Select(f => f.Path));

        using var api = fixture.ApiWith(new Dictionary<string, string?> { ["HubApi:ReadTokens:0"] = ReadToken }).CreateClient();
        var run = await npm.CheckAsync(api.BaseAddress!, ReadToken, repo.Id);

        var folder = HfCacheNames.RepositoryFolder(RepoType.Model, repo.Id);
        var written = run.Entries("snapshotCache");
        var shown = fixture.ViewLayout(repo.Id);
        shown.Keys.Order(StringComparer.Ordinal).ShouldBe(written.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, entry) in written)
        {
            shown[path].ShouldBe(entry, path);
        }

        var own = await npm.ScanCacheAsync(Path.Combine(run.Output, "snapshot-cache"));
        var view = await npm.ScanCacheAsync(fixture.CacheViewRoot);
        view["warnings"]!.AsArray().ShouldBeEmpty();
        var ours = view["repos"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == repo.Id)!;
        ours.ToJsonString().ShouldBe(own["repos"]!.AsArray().Single()!.ToJsonString());
        ours["revisions"]!.AsArray().Single()!["refs"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["main"]);

        // No byte twice: each blob of the view is the store's blob under a second name.
        foreach (var file in repo.Main.Files)
        {
            (await CacheViewSteps.InodeAsync(Path.Combine(fixture.CacheViewRoot, folder, "blobs", file.ETag)))
                .ShouldBe(await CacheViewSteps.InodeAsync(fixture.BlobPath(file.Sha256)), file.Path);
        }
    }

    [Fact]
    public async Task When_a_file_too_large_for_the_sync_is_downloaded_by_a_job_Should_show_it_when_its_ArtifactDownloaded_arrives()
    {
        fixture.Simulator.Catalog.RemoveRepo("view/downloaded");
        var repo = fixture.Simulator.Catalog.AddRepo("view/downloaded", commit => commit
            .Bytes("config.json", ScanSteps.RandomBytes(300))
            .Bytes("weights/large.safetensors", ScanSteps.RandomBytes(2 * 1024 * 1024), lfs: true));
        await _client.SyncAsync(repo.Id);
        await fixture.ViewShowsAsync(repo.Id, repo.Main.Sha, ["config.json"]);
        var large = repo.Main.File("weights/large.safetensors");
        File.Exists(Path.Combine(fixture.ViewFolder(repo.Id), "snapshots", repo.Main.Sha, large.Path)).ShouldBeFalse("the sync leaves files from 1 MiB up to download jobs");

        await _client.WaitForJobsAsync(await _client.SubmitDownloadsAsync(new { repo_id = repo.Id, include = new[] { large.Path } }), "completed", seconds: 60);

        await fixture.ViewShowsAsync(repo.Id, repo.Main.Sha, [large.Path]);
        fixture.ViewLayout(repo.Id)[$"models--view--downloaded/snapshots/{repo.Main.Sha}/{large.Path}"]
            .ShouldBe(new CacheEntry("symlink", HfCacheNames.SnapshotLinkTarget(large.Path, large.Sha256), large.Sha256));
    }

    [Fact]
    public async Task When_a_dataset_is_synced_Should_show_it_in_its_datasets_folder()
    {
        var repo = AddRepo("view/dataset", SimRepoType.Dataset);
        await _client.SyncDatasetAsync(repo.Id);

        await fixture.ViewShowsAsync(repo.Id, repo.Main.Sha, repo.Main.Files.Select(f => f.Path), RepoType.Dataset);
        var shown = fixture.ViewLayout(repo.Id, RepoType.Dataset);
        foreach (var file in repo.Main.Files)
        {
            var link = shown[$"datasets--view--dataset/snapshots/{repo.Main.Sha}/{file.Path}"];
            link.ShouldBe(new CacheEntry("symlink", HfCacheNames.SnapshotLinkTarget(file.Path, file.ETag), file.Sha256), file.Path);
        }
    }

    [Fact]
    public async Task When_the_quota_evicts_the_blobs_Should_take_their_files_out_of_the_view_leaving_no_link_to_nowhere()
    {
        var repo = AddRepo("view/evicted");
        await _client.SyncAsync(repo.Id);
        await fixture.ViewShowsAsync(repo.Id, repo.Main.Sha, repo.Main.Files.Select(f => f.Path));

        var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "enforce-quota", max_bytes = 0 }));

        scanned.BlobsEvicted.ShouldBe(repo.Main.Files.Select(f => f.Sha256).Distinct().Count());
        var left = fixture.ViewLayout(repo.Id);
        left.Where(e => e.Value.Type != "directory" && !e.Key.Contains("/refs/", StringComparison.Ordinal)).ShouldBeEmpty();
        fixture.DanglingLinks().ShouldBeEmpty();
        // The ref stays, with the snapshot folder it names: the clients' tools refuse a ref to a commit they cannot find.
        (await npm.ScanCacheAsync(fixture.CacheViewRoot))["warnings"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_blob_is_quarantined_Should_take_its_files_out_of_the_view_and_keep_the_others()
    {
        var repo = AddRepo("view/quarantined");
        await _client.SyncAsync(repo.Id);
        await fixture.ViewShowsAsync(repo.Id, repo.Main.Sha, repo.Main.Files.Select(f => f.Path));
        var broken = repo.Main.File("weights/model.safetensors");
        fixture.FlipAByte(broken.Sha256);

        var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify" }));

        scanned.CorruptBlobs.ShouldBe(1);
        var shown = fixture.ViewLayout(repo.Id);
        var folder = HfCacheNames.RepositoryFolder(RepoType.Model, repo.Id);
        shown.Keys.ShouldNotContain($"{folder}/snapshots/{repo.Main.Sha}/{broken.Path}");
        shown.Keys.ShouldNotContain($"{folder}/blobs/{broken.ETag}");
        foreach (var file in repo.Main.Files.Where(f => f.Sha256 != broken.Sha256))
        {
            shown[$"{folder}/snapshots/{repo.Main.Sha}/{file.Path}"].Sha256.ShouldBe(file.Sha256, file.Path);
        }

        fixture.DanglingLinks().ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_branch_moves_upstream_and_is_synced_again_Should_move_its_ref_and_keep_the_older_snapshot()
    {
        var repo = AddRepo("view/moving");
        await _client.SyncAsync(repo.Id);
        var first = repo.Main;
        await fixture.ViewShowsAsync(repo.Id, first.Sha, first.Files.Select(f => f.Path));

        var second = repo.Advance(c => c.Bytes("config.json", ScanSteps.RandomBytes(300)));
        await _client.SyncAsync(repo.Id);

        await fixture.ViewShowsAsync(repo.Id, second.Sha, second.Files.Select(f => f.Path));
        var shown = fixture.ViewLayout(repo.Id);
        var folder = HfCacheNames.RepositoryFolder(RepoType.Model, repo.Id);
        shown[$"{folder}/snapshots/{first.Sha}/config.json"].Sha256.ShouldBe(first.File("config.json").Sha256);
        shown[$"{folder}/snapshots/{second.Sha}/config.json"].Sha256.ShouldBe(second.File("config.json").Sha256);
        (await npm.ScanCacheAsync(fixture.CacheViewRoot))["repos"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == repo.Id)!["revisions"]!.AsArray()
            .Select(r => (r!["commit"]!.GetValue<string>(), r["refs"]!.AsArray().Count)).Order().ShouldBe(new[] { (first.Sha, 0), (second.Sha, 1) }.Order());
    }

    [Fact]
    public async Task When_a_hugging_face_cache_is_imported_Should_show_its_files_and_refs_by_the_end_of_the_import()
    {
        using var source = new TempFolder("hf-cache-");
        var config = ScanSteps.RandomBytes(400);
        var weights = ScanSteps.RandomBytes(50_000);
        var cache = new HfCacheBuilder(source.Path, "view/imported").File("config.json", config).File("weights/model.bin", weights, lfs: true).Ref();

        (await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "import", path = source.Path }))).FilesImported.ShouldBe(2);

        // The import adds to the view itself, before its job completes: no waiting.
        var shown = fixture.ViewLayout("view/imported");
        shown["models--view--imported/snapshots/" + cache.Commit + "/config.json"]
            .ShouldBe(new CacheEntry("symlink", HfCacheNames.SnapshotLinkTarget("config.json", HfCacheBuilder.GitOid(config)), HfCacheBuilder.Sha256(config)));
        shown["models--view--imported/snapshots/" + cache.Commit + "/weights/model.bin"]
            .ShouldBe(new CacheEntry("symlink", HfCacheNames.SnapshotLinkTarget("weights/model.bin", HfCacheBuilder.Sha256(weights)), HfCacheBuilder.Sha256(weights)));
        File.ReadAllText(Path.Combine(fixture.ViewFolder("view/imported"), "refs", "main")).ShouldBe(cache.Commit);
    }

    /// <summary>A repository with nested LFS and regular files, all small enough for the sync to store.</summary>
    private SimRepo AddRepo(string repoId, SimRepoType type = SimRepoType.Model)
    {
        fixture.Simulator.Catalog.RemoveRepo(type, repoId);
        return fixture.Simulator.Catalog.AddRepo(type, repoId, commit => commit
            .Bytes("config.json", ScanSteps.RandomBytes(300))
            .Bytes("README.md", ScanSteps.RandomBytes(200))
            .Bytes("tokenizer/vocab.json", ScanSteps.RandomBytes(2_000))
            .Bytes("weights/model.safetensors", ScanSteps.RandomBytes(200_000), lfs: true)
            .Bytes("weights/extra.bin", ScanSteps.RandomBytes(30_000), lfs: true));
    }
}
