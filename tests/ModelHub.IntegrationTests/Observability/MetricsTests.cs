using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.ServiceDefaults.Telemetry;
using ModelHub.Storage;
using ModelHub.Upstream;
using ModelHub.UpstreamSimulator.Catalog;
using OpenTelemetry.Metrics;
using RepoType = ModelHub.Contracts.Repositories.RepoType;

namespace ModelHub.IntegrationTests.Observability;

/// <summary>ModelHub's own metrics after a known workload, as an exporter sees them.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class MetricsTests(ObservabilityFixture fixture) : IAsyncLifetime
{
    private const string Jobs = "modelhub.job.duration";
    private const string ActiveDownloads = "modelhub.downloads.active";

    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_download_a_repeat_and_a_corrupted_download_run_Should_give_the_expected_figures()
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var (good, bad) = await PickTwoAsync();
        fixture.Simulator.Catalog[ShippedRepos.Wan].FileFaults(bad.Path).CorruptedBodies = int.MaxValue;
        await WaitForJobFiguresAsync("sync", "completed", 1);
        var before = fixture.CollectMetrics();

        await _client.DownloadAsync(good.Id);
        await _client.DownloadAsync(good.Id);
        await _client.DownloadAsync(bad.Id, "failed");

        var after = await WaitForJobFiguresAsync("download", "completed", 2);
        Delta(before, after, UpstreamTelemetry.BytesDownloadedName).ShouldBe(good.Size + bad.Size, "the good file once, the corrupted one once");
        Delta(before, after, StoreTelemetry.DedupHitsName).ShouldBe(1);
        Delta(before, after, StoreTelemetry.VerificationFailuresName).ShouldBe(1);
        var model = (RepoTypeTelemetry.Attribute, (object)"model");
        Delta(before, after, UpstreamTelemetry.BytesDownloadedName, model).ShouldBe(good.Size + bad.Size, "each figure names the repository's type");
        Delta(before, after, StoreTelemetry.DedupHitsName, model).ShouldBe(1);
        Delta(before, after, StoreTelemetry.VerificationFailuresName, model).ShouldBe(1);
        Delta(before, after, StoreTelemetry.SizeName).ShouldBe(good.Size);
        Delta(before, after, StoreTelemetry.BlobCountName).ShouldBe(1);
        Sum(after, ActiveDownloads).ShouldBe(0);
        Count(after, "download", "failed").ShouldBe(Count(before, "download", "failed") + 1);
        Count(after, "download", "completed").ShouldBe(Count(before, "download", "completed") + 2);
        LastValues(after, StoreTelemetry.SizeName).ShouldAllBe(size => size == StoreBytes());
    }

    [Fact]
    public async Task When_a_download_is_running_Should_count_as_active_until_it_ends()
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var (file, _) = await PickTwoAsync();
        fixture.Simulator.Catalog[ShippedRepos.Wan].FileFaults(file.Path).BytesPerSecond = file.Size / 3;

        var job = await _client.SubmitDownloadAsync(file.Id);
        await _client.WaitForJobAsync(job, "running", 30);

        Sum(fixture.CollectMetrics(), ActiveDownloads).ShouldBe(1);
        await _client.WaitForJobAsync(job, "completed", 60);
        Sum(fixture.CollectMetrics(), ActiveDownloads).ShouldBe(0);
    }

    [Fact]
    public void When_bytes_are_served_Should_count_them_by_range_or_whole_file_and_by_repository_type()
    {
        var before = fixture.CollectMetrics();

        ServingMetrics.RecordBytesServed(1000, range: false, RepoTypeTelemetry.Tag(RepoType.Model));
        ServingMetrics.RecordBytesServed(24, range: true, RepoTypeTelemetry.Tag(RepoType.Dataset));
        ServingMetrics.RecordBytesServed(0, range: false, RepoTypeTelemetry.Tag(RepoType.Model));

        var after = fixture.CollectMetrics();
        Delta(before, after, ServingMetrics.BytesServedName).ShouldBe(1024);
        Delta(before, after, ServingMetrics.BytesServedName, ("modelhub.range", true)).ShouldBe(24);
        Delta(before, after, ServingMetrics.BytesServedName, (RepoTypeTelemetry.Attribute, "dataset")).ShouldBe(24);
        Delta(before, after, ServingMetrics.BytesServedName, (RepoTypeTelemetry.Attribute, "model")).ShouldBe(1000);
    }

    [Fact]
    public async Task When_prometheus_scrapes_the_api_Should_answer_with_modelhubs_metrics()
    {
        ServingMetrics.RecordBytesServed(1, range: false, RepoTypeTelemetry.Tag(RepoType.Model));

        var response = await _client.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("# TYPE modelhub_served_bytes_total counter");
    }

    private async Task<((Guid Id, string Path, long Size) First, (Guid Id, string Path, long Size) Second)> PickTwoAsync()
    {
        var files = fixture.Simulator.Catalog[ShippedRepos.Wan].Main.Files
            .Where(f => f.IsLfs && f.Size >= SyncFixture.SmallFileLimit).OrderBy(f => f.Size).Take(2).ToList();
        files.Count.ShouldBe(2);
        var ids = await fixture.WithDbAsync(db => db.Artifacts.Where(a => files.Select(f => f.Path).Contains(a.Path)).ToDictionaryAsync(a => a.Path, a => a.Id));
        return ((ids[files[0].Path], files[0].Path, files[0].Size), (ids[files[1].Path], files[1].Path, files[1].Size));
    }

    /// <summary>The saga records a finished job right after its transaction commits: a moment after the Api shows it.</summary>
    private Task<IReadOnlyList<MetricSnapshot>> WaitForJobFiguresAsync(string kind, string outcome, long atLeast) =>
        Poll.UntilOrLastAsync(() => Task.FromResult(fixture.CollectMetrics()), metrics => Count(metrics, kind, outcome) >= atLeast, TimeSpan.FromSeconds(10));

    private long StoreBytes() =>
        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Sum(f => new FileInfo(f).Length);

    private static IEnumerable<MetricPoint> Points(IReadOnlyList<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags)
    {
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value)))
                {
                    yield return point;
                }
            }
        }
    }

    private static long Sum(IReadOnlyList<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags)
    {
        // Each host with a store reports its size: the same folder, so the same figure.
        var points = Points(metrics, name, tags).ToList();
        return metrics.FirstOrDefault(m => m.Name == name)?.MetricType is MetricType.LongGauge
            ? points.Select(p => p.GetGaugeLastValueLong()).DefaultIfEmpty().Max()
            : points.Sum(p => p.GetSumLong());
    }

    private static long Delta(IReadOnlyList<MetricSnapshot> before, IReadOnlyList<MetricSnapshot> after, string name, params (string Key, object Value)[] tags)
    {
        after.ShouldContain(m => m.Name == name, $"{name} is exported");
        return Sum(after, name, tags) - Sum(before, name, tags);
    }

    private static List<long> LastValues(IReadOnlyList<MetricSnapshot> metrics, string name) =>
        Points(metrics, name).Select(p => p.GetGaugeLastValueLong()).ToList();

    private static long Count(IReadOnlyList<MetricSnapshot> metrics, string kind, string outcome) =>
        Points(metrics, Jobs, ("modelhub.job.kind", kind), ("modelhub.job.outcome", outcome)).Sum(p => p.GetHistogramCount());
}
