using Microsoft.Extensions.DependencyInjection;
using ModelHub.Api.Management.Storage;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>GET /v1/hub/storage, the scan request's rules, and scans on a schedule.</summary>
[Collection(ScanCollection.Name)]
public sealed class StorageReportTests(ScanFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_storage_report_is_read_Should_count_each_blob_once_and_show_the_dedup_savings_and_the_last_scans()
    {
        var shared = ScanSteps.RandomBytes(50_000);
        await fixture.StoredRepoAsync("report/first", ("shared.bin", shared), ("own.json", ScanSteps.RandomBytes(1000)));
        await fixture.StoredRepoAsync("report/second", ("copy/shared.bin", shared));
        var onDisk = Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Select(f => new FileInfo(f).Length).ToList();
        await fixture.ScanAsync(new { mode = "verify" });

        var report = await (await _client.GetAsync("/v1/hub/storage")).ReadJsonAsync();

        var store = report["store"]!;
        (store["blobs"]!.GetValue<int>(), store["bytes"]!.GetValue<long>()).ShouldBe((onDisk.Count, onDisk.Sum()));
        store["dedup_saved_bytes"]!.GetValue<long>().ShouldBe(50_000, "shared.bin is kept once for two files");
        store["logical_bytes"]!.GetValue<long>().ShouldBe(onDisk.Sum() + 50_000);
        report["never_verified_blobs"]!.GetValue<int>().ShouldBe(0);
        report["repositories"]!.AsArray().Select(r => r!["repo_id"]!.GetValue<string>()).ShouldBe(["report/first", "report/second"]);
        var verify = report["last_scans"]!["verify"]!;
        (verify["blobs_checked"]!.GetValue<int>(), verify["corrupt_blobs"]!.GetValue<int>()).ShouldBe((onDisk.Count, 0));
        report["artifacts_by_status"]!["completed"]!.GetValue<int>().ShouldBe(store["files"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"mode": "defrag"}""", "mode")]
    [InlineData("""{"mode": "import"}""", "path")]
    [InlineData("""{"mode": "import", "path": "relative/cache"}""", "path")]
    [InlineData("""{"mode": "verify", "delete_orphans": true}""", "delete_orphans")]
    [InlineData("""{"mode": "reconcile", "max_bytes": 10}""", "max_bytes")]
    [InlineData("""{"mode": "enforce-quota", "max_bytes": -1}""", "max_bytes")]
    [InlineData("""{"mode": "verify", "older_than_days": -3}""", "older_than_days")]
    [InlineData("""{"mode": "verify", "repo_id": "no--good/id"}""", "repo_id")]
    public async Task When_a_scan_request_breaks_a_rule_Should_answer_400_naming_the_field(string body, string field)
    {
        var problem = await (await _client.PostRawJsonAsync("/v1/hub/scan", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task When_a_verify_names_an_unknown_repository_Should_answer_404()
    {
        await (await _client.PostAsJsonAsync("/v1/hub/scan", new { mode = "verify", repo_id = "nobody/nothing" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task When_a_scan_is_scheduled_Should_submit_it_once_per_interval()
    {
        var scheduler = fixture.Api.Services.GetRequiredService<ScanScheduler>();

        var first = await scheduler.SubmitIfDueAsync("reconcile", TimeSpan.FromHours(1), CancellationToken.None);
        var second = await scheduler.SubmitIfDueAsync("reconcile", TimeSpan.FromHours(1), CancellationToken.None);
        var otherMode = await scheduler.SubmitIfDueAsync("verify", TimeSpan.FromHours(1), CancellationToken.None);

        (first, second, otherMode).ShouldBe((true, false, true));
        var jobs = await (await _client.GetAsync("/v1/hub/jobs?kind=scan")).ReadJsonAsync();
        jobs["items"]!.AsArray().Count.ShouldBe(2);
    }
}
