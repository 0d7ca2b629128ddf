using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelHub.IntegrationTests.Scans;
using ModelHub.Persistence.Repositories;

namespace ModelHub.IntegrationTests.Jobs;

/// <summary>
/// Running jobs of every kind through the one progress channel and the one cancellation: what
/// <c>GET /v1/hub/jobs/{id}</c> shows while a sync or a scan runs, and that cancelling one stops its work.
/// </summary>
[Collection(ScanCollection.Name)]
public sealed class RunningJobTests(ScanFixture fixture) : IAsyncLifetime
{
    // Sizes that finish one after the other at the throttled rate, so the sync is seen part way.
    private static readonly int[] SmallFiles = [100_000, 300_000, 900_000];
    private const long BytesPerSecond = 100_000;

    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_sync_fetches_its_small_files_Should_show_live_bytes_rate_and_eta_while_it_runs()
    {
        var id = await StartThrottledSyncAsync("sync/live-progress");

        var running = await WaitForProgressAsync(id, p => p["bytes_done"]!.GetValue<long>() > 0);

        var progress = running["progress"]!;
        progress["bytes_total"]!.GetValue<long>().ShouldBe(SmallFiles.Sum());
        progress["bytes_done"]!.GetValue<long>().ShouldBeLessThan(SmallFiles.Sum());
        progress["bytes_per_second"]!.GetValue<double>().ShouldBeGreaterThan(0);
        progress["eta_seconds"]!.GetValue<double>().ShouldBeGreaterThan(0);
        progress["percent"]!.GetValue<double>().ShouldBeInRange(0, 100);
        var done = await _client.WaitForJobAsync(id, "completed", 60);
        done["progress"]!["bytes_done"]!.GetValue<long>().ShouldBe(SmallFiles.Sum());
    }

    [Fact]
    public async Task When_a_running_sync_is_cancelled_Should_stop_fetching_and_leave_the_repository_unsynced()
    {
        var id = await StartThrottledSyncAsync("sync/cancelled");
        await WaitForProgressAsync(id, p => p["bytes_done"]!.GetValue<long>() > 0);

        (await _client.PostAsync($"/v1/hub/jobs/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await _client.WaitForJobAsync(id, "cancelled");
        // The sync's work ends by marking the repository; had it not been stopped, it would be synced.
        var status = await PollAsync(
            () => fixture.WithDbAsync(db => db.Repositories.Where(r => r.RepoId == "sync/cancelled").Select(r => r.Status).SingleAsync()),
            s => s != ModelRepositoryStatus.Syncing);
        status.ShouldBe(ModelRepositoryStatus.Failed);
        (await fixture.ArtifactsAsync("sync/cancelled")).ShouldContain(a => a.Size == SmallFiles.Max() && a.ContentHash == null);
    }

    [Fact]
    public async Task When_a_verify_scan_runs_Should_show_live_blobs_and_bytes_and_stop_when_cancelled()
    {
        await fixture.StoredRepoAsync("scan/live", ("a.bin", ScanSteps.RandomBytes(200_000)), ("b.bin", ScanSteps.RandomBytes(100_000)));
        // A blob whose read waits for the test: the scan hashes the others, then holds until it is released.
        var held = Path.Combine(fixture.StoreRoot, "blobs", "sha256", new string('f', 64));
        Process.Start("mkfifo", [held]).WaitForExit();
        var response = await _client.PostAsJsonAsync("/v1/hub/scan", new { mode = "verify" });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();

        var running = await WaitForProgressAsync(id, p => p["items_done"]?.GetValue<long>() > 0);

        var progress = running["progress"]!;
        progress["items_unit"]!.GetValue<string>().ShouldBe("blobs");
        progress["items_total"]!.GetValue<long>().ShouldBe(3);
        progress["bytes_total"]!.GetValue<long>().ShouldBe(300_000);
        progress["bytes_done"]!.GetValue<long>().ShouldBeGreaterThan(0);
        (await _client.PostAsync($"/v1/hub/jobs/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await _client.WaitForJobAsync(id, "cancelled");
        // Opening the other end lets the held read go on (and end at once: nothing is written).
        new FileStream(held, FileMode.Open, FileAccess.Write).Dispose();

        // Scans run one at a time: once the next one has completed, the cancelled one has ended.
        await fixture.ScanAsync(new { mode = "reconcile" });
        await fixture.Events.CatchUpAsync();
        fixture.Events.Scanned.ShouldNotContain(e => e.JobId == id, "a cancelled scan reports nothing");
    }

    private async Task<Guid> StartThrottledSyncAsync(string repoId)
    {
        fixture.Simulator.Catalog.RemoveRepo(repoId);
        fixture.Simulator.Catalog.AddRepo(repoId, commit =>
        {
            for (var i = 0; i < SmallFiles.Length; i++)
            {
                commit.Bytes($"part-{i}.json", ScanSteps.RandomBytes(SmallFiles[i]));
            }
        });
        fixture.Simulator.Catalog[repoId].Faults.BytesPerSecond = BytesPerSecond;
        return await _client.SubmitSyncAsync(repoId);
    }

    /// <summary>Polls the job until it runs and its progress meets <paramref name="condition"/>, for at most 30 s.</summary>
    private Task<JsonNode> WaitForProgressAsync(Guid id, Func<JsonNode, bool> condition) =>
        PollAsync(
            async () => await (await _client.GetAsync($"/v1/hub/jobs/{id}")).ReadJsonAsync(),
            job => job["state"]!.GetValue<string>() == "running" && condition(job["progress"]!));

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = Stopwatch.StartNew();
        var last = await read();
        while (!done(last))
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), $"still {last}");
            await Task.Delay(50);
            last = await read();
        }

        return last;
    }
}
