using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Artifacts;
using ModelHub.Persistence.Repositories;
using ModelHub.Storage;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.Sync;

/// <summary>Metadata sync end to end: Api → RabbitMQ → saga → SyncService → the simulator over HTTP → PostgreSQL and the store.</summary>
[Collection(SyncCollection.Name)]
public sealed class SyncTests(SyncFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_repository_is_synced_Should_record_every_file_of_the_commit_and_store_the_small_ones_verified()
    {
        var upstream = fixture.Simulator.Catalog[ShippedRepos.Wan].Main;

        var job = await _client.SyncAsync(ShippedRepos.Wan);

        var artifacts = await fixture.WithDbAsync(db => db.Artifacts.AsNoTracking().ToListAsync());
        artifacts.Select(a => a.Path).Order(StringComparer.Ordinal).ShouldBe(upstream.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        artifacts.ShouldAllBe(a => a.Commit == upstream.Sha);
        foreach (var file in upstream.Files)
        {
            var artifact = artifacts.Single(a => a.Path == file.Path);
            artifact.Size.ShouldBe(file.Size);
            artifact.GitBlobOid.ShouldBe(file.GitOid);
            artifact.LfsSha256.ShouldBe(file.IsLfs ? file.Sha256 : null);
            if (file.Size < SyncFixture.SmallFileLimit)
            {
                artifact.Status.ShouldBe(ArtifactStatus.Completed, file.Path);
                artifact.ContentHash.ShouldBe(file.Sha256);
                var blob = Path.Combine(fixture.StoreRoot, artifact.LocalPath!);
                Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(blob))).ShouldBe(file.Sha256);
                File.Exists(Path.Combine(fixture.StoreRoot, "metadata", ShippedRepos.Wan, upstream.Sha, file.Path)).ShouldBeTrue(file.Path);
            }
            else
            {
                artifact.Status.ShouldBe(ArtifactStatus.NotDownloaded, file.Path);
            }
        }

        var repo = await fixture.WithDbAsync(db => db.Repositories.AsNoTracking().SingleAsync());
        repo.Status.ShouldBe(ModelRepositoryStatus.Synced);
        repo.LastSyncedCommit.ShouldBe(upstream.Sha);
        job["summary"]!.GetValue<string>().ShouldContain($"synced {upstream.Files.Count} files");
        var jobId = job["id"]!.GetValue<Guid>();
        // The event was published before the job's completion was, so it is in the recorder's queue by now.
        await fixture.Events.CatchUpAsync();
        var synced = fixture.Events.Synced.Where(e => e.JobId == jobId).ShouldHaveSingleItem();
        (synced.RepoId, synced.Revision, synced.Commit, synced.FileCount, synced.TotalBytes)
            .ShouldBe((ShippedRepos.Wan, "main", upstream.Sha, upstream.Files.Count, upstream.TotalBytes));
        var details = await (await _client.GetAsync($"/v1/hub/models/{ShippedRepos.Wan}")).ReadJsonAsync();
        details["artifacts"]!["files"]!.GetValue<int>().ShouldBe(upstream.Files.Count);
        details["artifacts"]!["total_bytes"]!.GetValue<long>().ShouldBe(upstream.TotalBytes);
    }

    [Fact]
    public async Task When_the_files_of_a_synced_revision_are_listed_Should_page_them_flat_or_as_a_tree()
    {
        var upstream = fixture.Simulator.Catalog[ShippedRepos.Wan].Main;
        await _client.SyncAsync(ShippedRepos.Wan);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync($"/v1/hub/models/{ShippedRepos.Wan}/files?revision=main&limit=10"
                + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            page["commit"]!.GetValue<string>().ShouldBe(upstream.Sha);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["path"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        seen.ShouldBe(upstream.Files.Select(f => f.Path).Order(StringComparer.Ordinal).ToList());
        var root = await (await _client.GetAsync($"/v1/hub/models/{ShippedRepos.Wan}/files?view=tree")).ReadJsonAsync();
        root["items"]!.AsArray().Select(i => i!["path"]!.GetValue<string>()).ShouldAllBe(p => !p.Contains('/'));
        root["directories"]!.AsArray().Sum(d => d!["files"]!.GetValue<int>()).ShouldBe(upstream.Files.Count(f => f.Path.Contains('/')));
        await (await _client.GetAsync($"/v1/hub/models/{ShippedRepos.Wan}/files?revision=v9")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("YQBi")] // "a\0b": PostgreSQL text cannot hold a NUL
    [InlineData("Li4vY29uZmlnLmpzb24")] // "../config.json"
    public async Task When_a_files_cursor_holds_no_path_Should_answer_400_naming_it(string cursor)
    {
        await _client.SyncAsync(ShippedRepos.Wan);

        var response = await _client.GetAsync($"/v1/hub/models/{ShippedRepos.Wan}/files?cursor={cursor}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["cursor"].ShouldNotBeNull();
    }

    [Fact]
    public async Task When_a_repository_has_ten_thousand_files_Should_record_them_across_every_tree_page()
    {
        await _client.SyncAsync(ShippedRepos.ManyFiles, "completed", seconds: 120);

        (await fixture.WithDbAsync(db => db.Artifacts.CountAsync())).ShouldBe(10_000);
        fixture.Simulator.Catalog.Requests.Snapshot().Count(r => r.Path.Contains("/tree/", StringComparison.Ordinal)).ShouldBe(11); // 10,000 files and 111 folders
    }

    [Fact]
    public async Task When_main_moves_and_the_repository_is_synced_again_Should_keep_the_old_commit_and_fetch_only_changed_small_files()
    {
        var repo = fixture.Simulator.Catalog[ShippedRepos.MovingMain];
        var first = repo.Main;
        await _client.SyncAsync(ShippedRepos.MovingMain);
        var second = repo.Advance();
        fixture.Simulator.Catalog.Requests.Clear();

        await _client.SyncAsync(ShippedRepos.MovingMain);

        var commits = await fixture.WithDbAsync(db => db.Artifacts.Select(a => a.Commit).Distinct().ToListAsync());
        commits.Order().ShouldBe(new[] { first.Sha, second.Sha }.Order());
        var unchanged = second.Files.Where(f => first.FindFile(f.Path)?.GitOid == f.GitOid).Select(f => f.Path).ToList();
        unchanged.ShouldNotBeEmpty();
        var fetched = fixture.Simulator.Catalog.Requests.Snapshot().Where(r => r.Path.Contains("/resolve/", StringComparison.Ordinal)).ToList();
        fetched.ShouldNotContain(r => unchanged.Any(path => r.Path.EndsWith("/" + path, StringComparison.Ordinal)));
        fetched.ShouldNotBeEmpty();
        (await fixture.WithDbAsync(db => db.Repositories.SingleAsync())).LastSyncedCommit.ShouldBe(second.Sha);
    }

    [Fact]
    public async Task When_the_upstream_lists_hostile_paths_Should_refuse_them_and_write_nothing_outside_the_store()
    {
        var outside = Directory.GetParent(fixture.StoreRoot)!.FullName;
        var before = Directory.EnumerateFileSystemEntries(outside).ToHashSet();

        var job = await _client.SyncAsync(ShippedRepos.HostilePaths);

        var summary = job["summary"]!.GetValue<string>();
        summary.ShouldContain($"refused {ShippedRepos.HostilePathList.Count} unsafe path(s)");
        var recorded = await fixture.WithDbAsync(db => db.Artifacts.Select(a => a.Path).ToListAsync());
        recorded.ShouldAllBe(p => RepoPaths.Validate(p) == null);
        recorded.ShouldNotBeEmpty();
        Directory.EnumerateFileSystemEntries(outside).Where(e => !before.Contains(e)).ShouldBeEmpty();
        File.Exists(Path.Combine(outside, "x")).ShouldBeFalse();
        File.Exists("/abs").ShouldBeFalse();
    }

    [Fact]
    public async Task When_the_repository_is_unknown_upstream_Should_fail_the_job_with_a_clear_error()
    {
        var job = await _client.SyncAsync("nobody/nothing-here", "failed");

        job["error"]!.GetValue<string>().ShouldContain("not found");
        (await fixture.WithDbAsync(db => db.Repositories.SingleAsync())).Status.ShouldBe(ModelRepositoryStatus.Failed);
    }

    [Fact]
    public async Task When_a_gated_repository_is_synced_with_a_token_that_has_access_Should_complete()
    {
        var job = await _client.SyncAsync(ShippedRepos.Gated);

        job["summary"]!.GetValue<string>().ShouldContain("synced 4 files");
        (await fixture.WithDbAsync(db => db.Artifacts.CountAsync(a => a.Status == ArtifactStatus.Completed))).ShouldBe(3);
    }

    [Fact]
    public async Task When_a_gated_repository_is_synced_with_a_token_without_access_Should_fail_clearly()
    {
        var token = fixture.Simulator.Options.Token;
        fixture.Simulator.Options.Token = "hf_someone_else";
        try
        {
            var job = await _client.SyncAsync(ShippedRepos.Gated, "failed");

            job["error"]!.GetValue<string>().ShouldContain("gated");
            job["error"]!.GetValue<string>().ShouldNotContain(token);
        }
        finally
        {
            fixture.Simulator.Options.Token = token;
        }
    }

    [Fact]
    public async Task When_the_upstream_rate_limits_and_fails_Should_ride_it_out()
    {
        var repo = fixture.Simulator.Catalog[ShippedRepos.MovingMain];
        repo.Faults.RateLimited = 1;
        repo.Faults.ServerErrors = 2;

        await _client.SyncAsync(ShippedRepos.MovingMain);

        var statuses = fixture.Simulator.Catalog.Requests.Snapshot().Select(r => r.Status).ToList();
        statuses.ShouldContain(429);
        statuses.Count(s => s >= 500).ShouldBe(2);
    }

    [Fact]
    public async Task When_a_small_file_has_wrong_bytes_Should_fail_the_sync_and_store_no_bad_blob()
    {
        var repo = fixture.Simulator.Catalog[ShippedRepos.MovingMain];
        var readme = repo.Main.File("README.md");
        repo.FileFaults("README.md").CorruptedBodies = int.MaxValue;

        var job = await _client.SyncAsync(ShippedRepos.MovingMain, "failed");

        job["error"]!.GetValue<string>().ShouldContain("checksum mismatch");
        job["error"]!.GetValue<string>().ShouldContain("README.md");
        var blobs = Path.Combine(fixture.StoreRoot, "blobs", "sha256");
        foreach (var blob in Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs) : [])
        {
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(blob))).ShouldBe(Path.GetFileName(blob));
        }

        (await fixture.WithDbAsync(db => db.Artifacts.SingleAsync(a => a.Path == "README.md"))).Status.ShouldBe(ArtifactStatus.Failed);
        readme.Size.ShouldBeGreaterThan(0);
    }
}
