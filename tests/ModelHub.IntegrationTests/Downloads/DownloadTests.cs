using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Contracts.Downloads;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.Downloads;

/// <summary>Downloads end to end: Api → saga → DownloadService → the simulator over HTTP → the verified store.</summary>
[Collection(SyncCollection.Name)]
public sealed class DownloadTests(SyncFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_weights_are_downloaded_Should_verify_store_and_announce_each_once()
    {
        var upstream = fixture.Simulator.Catalog[ShippedRepos.Wan].Main;
        await _client.SyncAsync(ShippedRepos.Wan);

        var weights = upstream.Files.Where(f => f.Path.EndsWith(".safetensors", StringComparison.Ordinal) || f.Path.EndsWith(".pth", StringComparison.Ordinal)).ToList();
        var paths = weights.Select(f => f.Path).ToList();
        var ids = await fixture.WithDbAsync(db => db.Artifacts.Where(a => paths.Contains(a.Path)).Select(a => a.Id).ToListAsync());

        var jobs = await _client.SubmitDownloadsAsync(new { artifact_ids = ids });

        jobs.Count.ShouldBe(weights.Count);
        weights.ShouldContain(f => f.Size >= SyncFixture.ParallelThreshold);
        await _client.WaitForJobsAsync(jobs, "completed", 60);

        foreach (var file in weights)
        {
            var blob = Path.Combine(fixture.StoreRoot, "blobs", "sha256", file.Sha256);
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(blob))).ShouldBe(file.Sha256);
        }

        (await fixture.WithDbAsync(db => db.Artifacts.CountAsync(a => a.Status == ArtifactStatus.Completed && a.Size >= SyncFixture.SmallFileLimit)))
            .ShouldBe(weights.Count(f => f.Size >= SyncFixture.SmallFileLimit));
        await fixture.CatchUpWithDownloadsAsync(jobs);
        fixture.Events.Downloaded.Select(e => e.JobId).Order().ShouldBe(jobs.Order());
        fixture.Events.FilesStored.Count.ShouldBe(jobs.Count);
        fixture.Events.FilesStored.ShouldAllBe(e => e.RepoId == ShippedRepos.Wan && e.Files == 1, "a download job's file is recorded alone");
        fixture.Events.FilesStored.Sum(e => e.Bytes).ShouldBe(weights.Sum(f => f.Size));
        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "temp")).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_two_repositories_hold_the_same_bytes_Should_fetch_and_store_them_once()
    {
        var original = fixture.Simulator.Catalog[ShippedRepos.Wan].Main.Files.Where(f => f.IsLfs).MaxBy(f => f.Size)!;
        fixture.Simulator.Catalog.AddRepo("sim/wan-copy", b => b.Bytes("weights/copy.safetensors", original.ReadAllBytes(), lfs: true));
        await _client.SyncAsync(ShippedRepos.Wan);
        await _client.SyncAsync("sim/wan-copy");
        var ids = await fixture.WithDbAsync(db => db.Artifacts.Where(a => a.LfsSha256 == original.Sha256).Select(a => a.Id).ToListAsync());
        ids.Count.ShouldBe(2);
        fixture.Simulator.Catalog.Requests.Clear();

        var jobs = await Task.WhenAll(ids.Select(id => _client.SubmitDownloadAsync(id)));

        await _client.WaitForJobsAsync(jobs, "completed", 60);

        await fixture.CatchUpWithDownloadsAsync(jobs);
        fixture.Events.Downloaded.Count.ShouldBe(2);
        fixture.Events.Downloaded.Count(e => e.Deduplicated).ShouldBe(1);
        fixture.Events.Downloaded.Select(e => e.Sha256).Distinct().ShouldBe([original.Sha256]);
        ContentRequests(original.Sha256).Select(r => r.Range ?? "whole").Distinct().Count()
            .ShouldBe(ContentRequests(original.Sha256).Count, "each byte range of the file was fetched once");
        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Count(f => f.EndsWith(original.Sha256, StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task When_one_artifact_is_asked_for_ten_times_Should_cause_one_upstream_fetch()
    {
        var file = await SyncAndPickAsync(f => f.IsLfs && f.Size >= SyncFixture.SmallFileLimit && f.Size < SyncFixture.ParallelThreshold);
        fixture.Simulator.Catalog.Requests.Clear();

        var jobs = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _client.SubmitDownloadAsync(file.ArtifactId)));

        await _client.WaitForJobsAsync(jobs, "completed", 60);

        ContentRequests(file.Sha256).Count.ShouldBe(1);
        await fixture.CatchUpWithDownloadsAsync(jobs);
        fixture.Events.Downloaded.Count.ShouldBe(10);
        fixture.Events.Downloaded.Count(e => !e.Deduplicated).ShouldBe(1);
    }

    [Theory]
    [InlineData("wrong bytes")]
    [InlineData("truncated body")]
    public async Task When_bytes_break_their_promise_Should_fail_the_job_and_never_enter_the_store(string fault)
    {
        var file = await SyncAndPickAsync(f => f.IsLfs && f.Size >= SyncFixture.SmallFileLimit && f.Size < SyncFixture.ParallelThreshold);
        var knobs = fixture.Simulator.Catalog[ShippedRepos.Wan].FileFaults(file.Path);
        if (fault == "wrong bytes")
        {
            knobs.CorruptedBodies = int.MaxValue;
        }
        else
        {
            knobs.TruncatedBodies = int.MaxValue;
            knobs.TruncateAfterBytes = 64 * 1024;
        }

        var job = await _client.SubmitDownloadAsync(file.ArtifactId);

        var failed = await _client.WaitForJobAsync(job, "failed", 60);
        failed["error"]!.GetValue<string>().ShouldStartWith(fault == "wrong bytes" ? "checksum mismatch: expected" : "upstream broke off the download of");

        File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", file.Sha256)).ShouldBeFalse();
        // The job failed on the command's fault, published once the command was done with.
        await fixture.Events.CatchUpAsync();
        fixture.Events.Downloaded.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_connection_drops_mid_file_Should_resume_where_it_stopped()
    {
        var file = await SyncAndPickAsync(f => f.IsLfs && f.Size >= SyncFixture.SmallFileLimit && f.Size < SyncFixture.ParallelThreshold);
        var knobs = fixture.Simulator.Catalog[ShippedRepos.Wan].FileFaults(file.Path);
        knobs.DroppedConnections = 1;
        knobs.DropAfterBytes = file.Size / 2;
        fixture.Simulator.Catalog.Requests.Clear();

        var job = await _client.SubmitDownloadAsync(file.ArtifactId);

        await _client.WaitForJobAsync(job, "completed", 60);
        var requests = ContentRequests(file.Sha256);
        requests.Count.ShouldBe(2);
        var resumedFrom = long.Parse(requests[1].Range!.Replace("bytes=", "").TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
        resumedFrom.ShouldBeGreaterThan(0);
        var fetched = knobs.DropAfterBytes + (file.Size - resumedFrom);
        fetched.ShouldBeLessThan((long)(1.5 * file.Size));
        File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", file.Sha256)).ShouldBeTrue();
    }

    [Fact]
    public async Task When_the_signed_link_has_expired_by_the_time_a_download_resumes_Should_ask_resolve_for_a_new_one()
    {
        var file = await SyncAndPickAsync(f => f.IsLfs && f.Size >= SyncFixture.SmallFileLimit && f.Size < SyncFixture.ParallelThreshold);
        var options = fixture.Simulator.Options;
        var lifetime = options.SignedUrlLifetime;
        options.SignedUrlLifetime = TimeSpan.FromSeconds(1);
        try
        {
            var knobs = fixture.Simulator.Catalog[ShippedRepos.Wan].FileFaults(file.Path);
            knobs.DroppedConnections = 1;
            knobs.DropAfterBytes = file.Size / 2;
            knobs.BytesPerSecond = file.Size / 4; // the drop comes two seconds in, after the link's lifetime
            fixture.Simulator.Catalog.Requests.Clear();

            var job = await _client.SubmitDownloadAsync(file.ArtifactId);

            await _client.WaitForJobAsync(job, "completed", 60);
            var bridge = ContentRequests(file.Sha256);
            var resolves = fixture.Simulator.Catalog.Requests.Snapshot()
                .Where(r => r.Kind == "resolve" && r.Path.EndsWith(file.Path, StringComparison.Ordinal)).OrderBy(r => r.At).ToList();
            bridge.Select(r => r.Status).ShouldBe([200, 206], "the resume followed a fresh link: a kept one would have been a 403");
            resolves.Count.ShouldBe(2, "each attempt started at /resolve");
            (bridge[1].At - resolves[0].At).ShouldBeGreaterThan(TimeSpan.FromSeconds(1), "the first link had expired when the resume began");
            File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", file.Sha256)).ShouldBeTrue();
        }
        finally
        {
            options.SignedUrlLifetime = lifetime;
        }
    }

    [Fact]
    public async Task When_a_large_file_comes_from_a_throttled_upstream_Should_fetch_it_over_several_connections()
    {
        var file = await SyncAndPickAsync(f => f.IsLfs && f.Size >= SyncFixture.ParallelThreshold);
        fixture.Simulator.Catalog[ShippedRepos.Wan].Faults.BytesPerSecond = 4 * 1024 * 1024;
        fixture.Simulator.Catalog.Requests.Clear();

        var job = await _client.SubmitDownloadAsync(file.ArtifactId);

        var done = await _client.WaitForJobAsync(job, "completed", 60);
        var ranged = ContentRequests(file.Sha256).Where(r => r.Range is not null).ToList();
        ranged.Count.ShouldBe((int)((file.Size + (1024 * 1024) - 1) / (1024 * 1024)));
        ranged.Select(r => r.Range).Distinct().Count().ShouldBe(ranged.Count);
        done["progress"]!["bytes_done"]!.GetValue<long>().ShouldBe(file.Size);
    }

    [Fact]
    public async Task When_a_running_download_is_cancelled_Should_stop_the_transfer()
    {
        var file = await SyncAndPickAsync(f => f.IsLfs && f.Size >= SyncFixture.SmallFileLimit && f.Size < SyncFixture.ParallelThreshold);
        fixture.Simulator.Catalog[ShippedRepos.Wan].FileFaults(file.Path).BytesPerSecond = file.Size / 20; // ~20 s for the whole file
        var job = await _client.SubmitDownloadAsync(file.ArtifactId);
        await _client.WaitForJobAsync(job, "running", 30);

        (await _client.PostAsync($"/v1/hub/jobs/{job}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await _client.WaitForJobAsync(job, "cancelled", 30);
        // The simulator logs a request when its response ends: the 20 s transfer must end within seconds.
        await Poll.UntilOrLastAsync(() => Task.FromResult(ContentRequests(file.Sha256).Count), requests => requests > 0, TimeSpan.FromSeconds(5));

        // Once its command is consumed without a fault, nothing can run the cancelled download again.
        await Poll.UntilAsync(() => fixture.DownloadsFinished.Snapshot().OfType<DownloadArtifact>().Any(c => c.JobId == job),
            TimeSpan.FromSeconds(30), "the cancelled job's command consumed");
        ContentRequests(file.Sha256).Count.ShouldBe(1, "the transfer in flight was stopped, and not tried again");
        (await fixture.WithDbAsync(db => db.Artifacts.SingleAsync(a => a.Id == file.ArtifactId))).Status.ShouldNotBe(ArtifactStatus.Completed);
        File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", file.Sha256)).ShouldBeFalse();
        await fixture.Events.CatchUpAsync();
        fixture.Events.Downloaded.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_download_request_is_bad_Should_refuse_it_whole_and_queue_nothing()
    {
        var file = await SyncAndPickAsync(f => f.IsLfs);
        var unknown = Guid.NewGuid();

        var unknownIds = await (await _client.PostAsJsonAsync("/v1/hub/download", new { artifact_ids = new[] { file.ArtifactId, unknown } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        unknownIds["unknown_ids"]!.AsArray().Select(i => i!.GetValue<Guid>()).ShouldBe([unknown]);
        await (await _client.PostAsJsonAsync("/v1/hub/download", new { artifact_ids = Array.Empty<Guid>() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.PostAsJsonAsync("/v1/hub/download", new { artifact_ids = Enumerable.Range(0, 10_000).Select(_ => Guid.NewGuid()) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var nothing = await (await _client.PostAsJsonAsync("/v1/hub/download", new { repo_id = ShippedRepos.Wan, include = new[] { "*.gguf" } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        nothing["unmatched_patterns"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["*.gguf"]);
        await (await _client.PostAsJsonAsync("/v1/hub/download", new { repo_id = ShippedRepos.Wan, artifact_ids = new[] { file.ArtifactId } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.PostAsJsonAsync("/v1/hub/download", new { repo_id = "nobody/nothing" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await fixture.WithDbAsync(db => db.Jobs.CountAsync(j => j.Kind != JobKind.Sync))).ShouldBe(0);
    }

    [Fact]
    public void When_the_DownloadService_is_built_Should_register_its_queries_without_an_EF_Core_context()
    {
        // Its queries are plain SQL on the data source: a context registered here would load EF Core into the
        // process whose memory the download benchmark holds under 200 MB.
        fixture.DownloadServices.GetService<ModelHubDbContext>().ShouldBeNull();
        fixture.DownloadServices.GetService<DbContextOptions<ModelHubDbContext>>().ShouldBeNull();
        fixture.DownloadServices.GetService<ArtifactRecords>().ShouldNotBeNull();
    }

    private async Task<(Guid ArtifactId, string Path, string Sha256, long Size)> SyncAndPickAsync(Func<SimFile, bool> choose)
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var file = fixture.Simulator.Catalog[ShippedRepos.Wan].Main.Files.Where(choose).MinBy(f => f.Size)!;
        var id = await fixture.WithDbAsync(db => db.Artifacts.Where(a => a.Path == file.Path).Select(a => a.Id).SingleAsync());
        return (id, file.Path, file.Sha256, file.Size);
    }

    /// <summary>The simulator's CDN requests for one blob (LFS files are served from there, after the 302).</summary>
    private List<ModelHub.UpstreamSimulator.Faults.SimRequest> ContentRequests(string sha256) =>
        fixture.Simulator.Catalog.Requests.Snapshot().Where(r => r.Kind == "cdn" && r.Path.EndsWith(sha256, StringComparison.Ordinal)).OrderBy(r => r.At).ToList();
}
