using System.Security.Cryptography;
using MassTransit;
using Medallion.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Snapshots;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Messaging;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.Downloads;

/// <summary>A repository at a commit as one job: Api → saga → DownloadService (the snapshot and its batches) → the simulator → the verified store.</summary>
[Collection(SyncCollection.Name)]
public sealed class SnapshotTests(SyncFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_repository_is_downloaded_as_a_snapshot_Should_store_every_selected_file_in_one_job_of_batches()
    {
        var repo = AddRepo(smallFiles: 600, largeFiles: 2);
        await SyncWithoutStoredBytesAsync(repo);
        var selected = repo.Main.Files.Where(f => f.Path != "README.md").ToList();
        (await StoredFilesAsync(repo)).ShouldBe(repo.Main.Files.Count - 2, "the sync recorded the small files stored (the store lost them since), the weights not");

        var accepted = await _client.PostAcceptedAsync("/v1/hub/download", new { repo_id = repo.Id, exclude = new[] { "README.md" } }, CancellationToken.None);

        var jobs = accepted["jobs"]!.AsArray();
        jobs.Count.ShouldBe(1, "a snapshot is one job");
        jobs[0]!["kind"]!.GetValue<string>().ShouldBe("snapshot");
        var id = jobs[0]!["id"]!.GetValue<Guid>();
        var job = await _client.WaitForJobAsync(id, "completed", 120);
        var progress = job["progress"]!;
        progress["items_unit"]!.GetValue<string>().ShouldBe("files");
        progress["items_done"]!.GetValue<long>().ShouldBe(selected.Count);
        progress["items_total"]!.GetValue<long>().ShouldBe(selected.Count);
        progress["items_failed"]!.GetValue<long>().ShouldBe(0);
        progress["bytes_total"]!.GetValue<long>().ShouldBe(selected.Sum(f => f.Size));

        foreach (var file in selected)
        {
            var blob = Path.Combine(fixture.StoreRoot, "blobs", "sha256", file.Sha256);
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(blob))).ShouldBe(file.Sha256);
        }

        File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", repo.Main.Files.Single(f => f.Path == "README.md").Sha256)).ShouldBeFalse();
        FetchesPerFile(repo).Where(f => f.Value > 0).Select(f => f.Key).Order(StringComparer.Ordinal)
            .ShouldBe(selected.Select(f => f.Path).Order(StringComparer.Ordinal), "each selected file fetched, README.md not");
        FetchesPerFile(repo).Values.ShouldAllBe(count => count <= 1, "each file fetched once");

        // Every file was announced once, then the snapshot: the job completed after both were published.
        await fixture.Events.CatchUpAsync();
        fixture.Events.Downloaded.Where(e => e.JobId == id).Select(e => e.Path).Order(StringComparer.Ordinal)
            .ShouldBe(selected.Select(f => f.Path).Order(StringComparer.Ordinal));
        var snapshot = fixture.Events.Snapshots.ShouldHaveSingleItem();
        snapshot.ShouldSatisfyAllConditions(
            () => snapshot.JobId.ShouldBe(id),
            () => snapshot.RepoId.ShouldBe(repo.Id),
            () => snapshot.RepoType.ShouldBe("model"),
            () => snapshot.Commit.ShouldBe(repo.Main.Sha),
            () => snapshot.Files.ShouldBe(selected.Count),
            () => snapshot.Bytes.ShouldBe(selected.Sum(f => f.Size)));
        snapshot.FailedPaths.ShouldBeEmpty();

        // The files were also heard of as the batches recorded them together: a message for many files, not one each.
        var stored = fixture.Events.FilesStored.Where(e => e.RepoId == repo.Id).ToList();
        (stored.Sum(e => e.Files), stored.Sum(e => e.Bytes)).ShouldBe((selected.Count, selected.Sum(f => f.Size)));
        stored.Count.ShouldBeLessThan(selected.Count, "files finished together are announced together");

        // The repository's cached summary is computed again after the downloads, not left as it was before them.
        await Poll.UntilAsync(async () => await StoredFilesAsync(repo) == repo.Main.Files.Count, TimeSpan.FromSeconds(10), "the repository's summary counts the weights stored");

        // Small files in batches of 256, each large one alone.
        var batches = fixture.DownloadsFinished.Snapshot().OfType<DownloadSnapshotBatch>().Where(b => b.JobId == id).ToList();
        batches.Count.ShouldBe(2 + 3);
        batches.Select(b => b.ArtifactIds.Count).Order().ShouldBe([1, 1, 88, 256, 256]);
    }

    [Fact]
    public async Task When_a_file_of_a_snapshot_fails_Should_store_its_siblings_fail_the_job_with_its_path_and_retry_only_it()
    {
        var repo = AddRepo(smallFiles: 40, largeFiles: 1);
        await SyncWithoutStoredBytesAsync(repo);
        var broken = repo.Main.Files.Single(f => f.Path == "shards/0007.json");
        var faults = fixture.Simulator.Catalog[repo.Id].FileFaults(broken.Path);
        faults.ServerErrors = 1000;

        var id = (await _client.SubmitDownloadsAsync(new { repo_id = repo.Id })).Single();

        var failed = await _client.WaitForJobAsync(id, "failed", 120);
        var all = repo.Main.Files.Count;
        failed["error"]!.GetValue<string>().ShouldStartWith($"1 of {all} files failed (shards/0007.json)");
        failed["progress"]!["items_done"]!.GetValue<long>().ShouldBe(all - 1);
        failed["progress"]!["items_failed"]!.GetValue<long>().ShouldBe(1);
        failed["failed_items"]!.AsArray().Select(i => i!["path"]!.GetValue<string>()).ShouldBe([broken.Path]);
        foreach (var file in repo.Main.Files.Where(f => f != broken))
        {
            File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", file.Sha256)).ShouldBeTrue(file.Path);
        }

        await fixture.Events.CatchUpAsync();
        fixture.Events.Snapshots.ShouldHaveSingleItem().FailedPaths.ShouldBe([broken.Path]);

        faults.ServerErrors = 0;
        fixture.Simulator.Catalog.Requests.Clear();
        (await _client.PostAsync($"/v1/hub/jobs/{id}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var retried = await _client.WaitForJobAsync(id, "completed", 60);

        retried["attempts"]!.GetValue<int>().ShouldBe(2);
        retried["progress"]!["items_done"]!.GetValue<long>().ShouldBe(all);
        retried["failed_items"].ShouldBeNull();
        FetchesPerFile(repo).Where(f => f.Value > 0).Select(f => f.Key).ShouldBe([broken.Path], "the retry fetched only what was missing");
        await fixture.Events.CatchUpAsync();
        fixture.Events.Downloaded.Count(e => e.Path == broken.Path).ShouldBe(1);
        fixture.Events.Snapshots.Count.ShouldBe(2);
        fixture.Events.Snapshots.Last().FailedPaths.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_running_snapshot_is_cancelled_Should_stop_its_batches_in_flight_and_store_nothing_more()
    {
        var repo = AddRepo(smallFiles: 0, largeFiles: 3);
        await SyncWithoutStoredBytesAsync(repo);
        fixture.Simulator.Catalog[repo.Id].Faults.BytesPerSecond = 64 * 1024; // each 1 MiB range takes 16 s
        // The weights alone: the README, a batch of its own, may be stored (and announced) before the cancel arrives.
        var id = (await _client.SubmitDownloadsAsync(new { repo_id = repo.Id, include = new[] { "weights/" } })).Single();
        await Poll.UntilAsync(() => fixture.Simulator.Catalog.Requests.Snapshot().Any(r => r.RepoId == repo.Id && r.Kind == "resolve"),
            TimeSpan.FromSeconds(30), "a batch asks the upstream for its file");

        (await _client.PostAsync($"/v1/hub/jobs/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await _client.WaitForJobAsync(id, "cancelled", 30);

        // Once the snapshot's command and its three batches (a weight each) are consumed without a fault, nothing can fetch for it again.
        await Poll.UntilAsync(() => Task.FromResult(fixture.DownloadsFinished.Snapshot()),
            finished => finished.OfType<DownloadSnapshot>().Any(c => c.JobId == id) && finished.OfType<DownloadSnapshotBatch>().Count(b => b.JobId == id) == 3,
            TimeSpan.FromSeconds(30), finished => $"the cancelled snapshot's command and batches are not all consumed: command "
                + $"{finished.OfType<DownloadSnapshot>().Count(c => c.JobId == id)}, batches {finished.OfType<DownloadSnapshotBatch>().Count(b => b.JobId == id)}");
        foreach (var file in repo.Main.Files.Where(f => f.Size >= SyncFixture.SmallFileLimit))
        {
            File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", file.Sha256)).ShouldBeFalse(file.Path);
        }

        (await fixture.WithDbAsync(db => db.Artifacts.CountAsync(a => a.Status == ArtifactStatus.Completed && a.Size >= SyncFixture.SmallFileLimit))).ShouldBe(0);
        await fixture.Events.CatchUpAsync();
        fixture.Events.Snapshots.ShouldBeEmpty();
        fixture.Events.Downloaded.Where(e => e.JobId == id).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_snapshot_request_is_bad_Should_refuse_it_and_queue_nothing()
    {
        var repo = AddRepo(smallFiles: 3, largeFiles: 0);

        await (await _client.PostAsJsonAsync("/v1/hub/download", new { repo_id = repo.Id })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await _client.SyncAsync(repo.Id);
        var unmatched = await (await _client.PostAsJsonAsync("/v1/hub/download", new { repo_id = repo.Id, include = new[] { "*.gguf", "shards/*" } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        unmatched["unmatched_patterns"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["*.gguf"]);
        await (await _client.PostAsJsonAsync("/v1/hub/download", new { repo_id = repo.Id, exclude = new[] { "*" } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _client.PostAsJsonAsync("/v1/hub/download", new { repo_id = repo.Id, revision = "no-such-branch" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await fixture.WithDbAsync(db => db.Jobs.CountAsync(j => j.Kind == ModelHub.Jobs.Records.JobKind.Snapshot))).ShouldBe(0);
    }

    [Fact]
    public async Task When_another_worker_holds_a_files_content_lock_Should_store_its_siblings_and_fetch_it_once_the_lock_is_free()
    {
        var repo = AddRepo(smallFiles: 30, largeFiles: 0);
        await SyncWithoutStoredBytesAsync(repo);
        var held = repo.Main.Files.Single(f => f.Path == "shards/0011.json");
        var locks = fixture.Api.Services.GetRequiredService<IDistributedLockProvider>();
        var holder = await locks.TryAcquireLockAsync(LockNames.Blob(held.Sha256), TimeSpan.FromSeconds(5));
        holder.ShouldNotBeNull();

        var accepted = await _client.PostAcceptedAsync("/v1/hub/download", new { repo_id = repo.Id }, CancellationToken.None);
        var id = accepted["jobs"]![0]!["id"]!.GetValue<Guid>();

        // The batch's lock group did not get the held file's lock: its siblings are stored and announced meanwhile
        // (the marker), while it waits for the lock alone, unfetched.
        var others = repo.Main.Files.Count - 1;
        await Poll.UntilAsync(async () =>
        {
            await fixture.Events.CatchUpAsync();
            return fixture.Events.Downloaded.Count(e => e.JobId == id);
        }, announced => announced == others, TimeSpan.FromSeconds(60), announced => $"{announced} of {others} files announced");
        FetchesPerFile(repo)[held.Path].ShouldBe(0, "its lock is held elsewhere");
        (await (await _client.GetAsync($"/v1/hub/jobs/{id}")).ReadJsonAsync())["state"]!.GetValue<string>().ShouldBe("running");

        await holder.DisposeAsync();
        await _client.WaitForJobAsync(id, "completed", 60);
        FetchesPerFile(repo).Values.ShouldAllBe(count => count == 1, "each file fetched once, the held one after its lock was let go");
    }

    [Fact]
    public async Task When_a_batch_comes_from_a_newer_attempt_than_the_jobs_row_shows_Should_run_it_and_answer_an_ended_attempts_batch_by_path()
    {
        var repo = AddRepo(smallFiles: 3, largeFiles: 0);
        await SyncWithoutStoredBytesAsync(repo);
        var id = (await _client.SubmitDownloadsAsync(new { repo_id = repo.Id })).Single();
        await _client.WaitForJobAsync(id, "completed", 60);
        var artifactIds = await fixture.WithDbAsync(db => db.Artifacts.Join(db.Repositories.Where(r => r.RepoId == repo.Id), a => a.RepositoryId, r => r.Id, (a, _) => a.Id).ToListAsync());
        var batches = fixture.Api.Services.GetRequiredService<IBus>().CreateRequestClient<DownloadSnapshotBatch>(new Uri($"queue:{QueueNames.DownloadSnapshotBatch}"));

        // The saga sends an attempt's command before its row shows that attempt: a batch of attempt 2 while the row
        // still shows attempt 1 ended is current, and runs (its files are found stored).
        var ahead = await batches.GetResponse<SnapshotBatchDownloaded>(new DownloadSnapshotBatch(id, 2, artifactIds));
        ahead.Message.Failed.ShouldBeEmpty();
        ahead.Message.Files.ShouldBe(artifactIds.Count);

        // A batch of the attempt that ended is answered without running, each file named by its path.
        var over = await batches.GetResponse<SnapshotBatchDownloaded>(new DownloadSnapshotBatch(id, 1, artifactIds));
        over.Message.Files.ShouldBe(0);
        over.Message.Failed.Select(f => f.Path).Order(StringComparer.Ordinal).ShouldBe(repo.Main.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        over.Message.Failed.ShouldAllBe(f => f.Error == "the job's attempt is over");
    }

    private async Task<int> StoredFilesAsync(SimRepo repo) =>
        (await (await _client.GetAsync($"/v1/hub/models/{repo.Id}")).ReadJsonAsync())["artifacts"]!["stored_files"]!.GetValue<int>();

    private SimRepo AddRepo(int smallFiles, int largeFiles) => SnapshotRepos.Add(fixture, smallFiles, largeFiles);

    private Task SyncWithoutStoredBytesAsync(SimRepo repo) => SnapshotRepos.SyncWithoutStoredBytesAsync(fixture, _client, repo);

    private Dictionary<string, int> FetchesPerFile(SimRepo repo) => SnapshotRepos.FetchesPerFile(fixture, repo);
}
