using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ModelHub.Storage;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.Observability;

/// <summary>One request is one trace across the Api, the saga, the workers, the upstream, PostgreSQL and Redis.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class TraceTests(ObservabilityFixture fixture) : IAsyncLifetime
{
    private const string Downloaded = "ModelHub.Contracts.Downloads:ArtifactDownloaded";
    private const string FilesStored = "ModelHub.Contracts.Downloads:RepositoryFilesStored";

    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_download_runs_Should_be_one_trace_from_the_api_through_the_saga_and_the_worker_to_the_subscriber()
    {
        var file = await SyncAndPickAsync();
        var (traceId, parent) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

        using var traced = TracedClient(traceId, parent);
        await _client.WaitForJobAsync(await traced.SubmitDownloadAsync(file.Id), "completed", 60);

        // Redis spans are made from the connection's profiling sessions, drained every few seconds.
        var trace = await WaitForTraceAsync(traceId, parent, t => SubscriberHeard(t, Downloaded).Any() && t.Where(IsRedisLock).Any());
        var api = trace.Single("the Api's request", s => s.Is("Microsoft.AspNetCore", ActivityKind.Server, "POST /v1/hub/download"));
        api.ParentSpanId.ShouldBe(parent);
        var submitted = trace.Single("JobSubmitted's publish", s => s.IsMassTransitSend("ModelHub.Contracts.Jobs:JobSubmitted"));
        var saga = trace.First("the saga's consume", s => s.IsMassTransitProcess("job-lifecycle"));
        var command = trace.Single("DownloadArtifact's send", s => s.IsMassTransitSend("download-artifact"));
        var worker = trace.Single("the DownloadService's consume", s => s.IsMassTransitProcess("download-artifact"));
        var upstream = trace.First("the upstream GET", s => s.Source.Name == "System.Net.Http" && s.Tag("url.full")!.Contains(file.Path, StringComparison.Ordinal));
        var update = trace.First("the artifact's update", s => s.Source.Name == "Npgsql" && s.Tag("db.query.text")?.StartsWith("UPDATE model_artifact", StringComparison.Ordinal) == true);
        var redisLock = trace.First("the Redis lock", IsRedisLock);
        var published = trace.Single("ArtifactDownloaded's publish", s => s.IsMassTransitSend(Downloaded));
        var subscriber = SubscriberHeard(trace, Downloaded).ToList() is [var one] ? one : throw new ShouldAssertException($"expected one consume of {Downloaded} in {trace.Describe()}");
        var filesStored = trace.Single("RepositoryFilesStored's publish", s => s.IsMassTransitSend(FilesStored));

        foreach (var (span, ancestor) in new[]
        {
            (submitted, api), (saga, submitted), (command, saga), (worker, command), (upstream, worker),
            (update, worker), (redisLock, worker), (published, worker), (subscriber, published), (filesStored, worker),
        })
        {
            trace.ShouldDescend(span, ancestor);
        }

        trace.IsComplete.ShouldBeTrue($"every span's parent is in the trace: {trace.Describe()}");
        trace.Spans.ShouldAllBe(s => s.Status != ActivityStatusCode.Error);
    }

    [Fact]
    public async Task When_a_file_is_stored_Should_say_what_in_the_store_spans_and_carry_the_token_in_no_span()
    {
        var file = await SyncAndPickAsync();
        var (traceId, parent) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

        using var traced = TracedClient(traceId, parent);
        await _client.WaitForJobAsync(await traced.SubmitDownloadAsync(file.Id), "completed", 60);

        var trace = await WaitForTraceAsync(traceId, parent, t => t.Where(s => s.IsMassTransitProcess("test-audit-events")).Any());
        var worker = trace.Single("the DownloadService's consume", s => s.IsMassTransitProcess("download-artifact"));
        foreach (var name in new[] { BlobStore.VerifySpan, BlobStore.CommitSpan })
        {
            var span = trace.Single(name, s => s.Source.Name == StoreTelemetry.Name && s.DisplayName == name);
            trace.ShouldDescend(span, worker);
            span.Tag(StoreTelemetry.RepoAttribute).ShouldBe(ShippedRepos.Wan);
            span.Tag(StoreTelemetry.PathAttribute).ShouldBe(file.Path);
            span.Tag(StoreTelemetry.BytesAttribute).ShouldBe(file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            span.Tag(StoreTelemetry.Sha256Attribute).ShouldBe(file.Sha256);
        }

        trace.Single("the commit", s => s.DisplayName == BlobStore.CommitSpan).Tag(StoreTelemetry.DeduplicatedAttribute).ShouldBe("False");
        var token = fixture.Simulator.Options.Token;
        trace.Spans.SelectMany(s => s.TagObjects).Select(tag => $"{tag.Key}={tag.Value}").Where(tag => tag.Contains(token, StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_download_fails_Should_mark_the_failing_spans_with_an_error()
    {
        var file = await SyncAndPickAsync();
        fixture.Simulator.Catalog[ShippedRepos.Wan].FileFaults(file.Path).CorruptedBodies = int.MaxValue;
        var (traceId, parent) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

        using var traced = TracedClient(traceId, parent);
        await _client.WaitForJobAsync(await traced.SubmitDownloadAsync(file.Id), "failed", 60);

        var trace = await WaitForTraceAsync(traceId, parent, t => t.Where(s => s.IsMassTransitProcess("download-artifact")).Any());
        var worker = trace.Single("the DownloadService's consume", s => s.IsMassTransitProcess("download-artifact"));
        var verification = trace.Single("the verification", s => s.DisplayName == BlobStore.VerifySpan);
        verification.Status.ShouldBe(ActivityStatusCode.Error);
        verification.StatusDescription.ShouldNotBeNull().ShouldStartWith("checksum mismatch");
        trace.ShouldDescend(verification, worker);
        worker.Status.ShouldBe(ActivityStatusCode.Error, trace.Describe());
        trace.Where(s => s.DisplayName == BlobStore.CommitSpan).ShouldBeEmpty();
        trace.Single("the Api's request", s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /v1/hub/download").Status
            .ShouldNotBe(ActivityStatusCode.Error);
    }

    [Fact]
    public async Task When_a_sync_runs_Should_be_one_trace_from_the_api_through_the_saga_and_the_worker_to_the_subscriber()
    {
        var (traceId, parent) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        using var traced = TracedClient(traceId, parent);

        await _client.WaitForJobAsync(await traced.SubmitSyncAsync(ShippedRepos.Wan), "completed", 60);

        var trace = await WaitForTraceAsync(traceId, parent, t => t.Where(s => s.IsMassTransitProcess("test-audit-events")).Any());
        var api = trace.Single("the Api's request", s => s.Is("Microsoft.AspNetCore", ActivityKind.Server, "POST /v1/hub/sync"));
        var worker = trace.Single("the SyncService's consume", s => s.IsMassTransitProcess("sync-repository"));
        trace.ShouldDescend(worker, api);
        trace.ShouldDescend(trace.First("an upstream GET", s => s.Source.Name == "System.Net.Http"), worker);
        trace.ShouldDescend(trace.First("a stored file", s => s.DisplayName == BlobStore.CommitSpan), worker);
        trace.ShouldDescend(trace.Single("RepositorySynced's publish", s => s.IsMassTransitSend("ModelHub.Contracts.Sync:RepositorySynced")), worker);
        trace.ShouldDescend(trace.Single("the subscriber's consume", s => s.IsMassTransitProcess("test-audit-events")), worker);
        trace.IsComplete.ShouldBeTrue(trace.Describe());
    }

    [Fact]
    public async Task When_a_scan_runs_Should_be_one_trace_from_the_api_through_the_saga_and_the_scan_worker_to_the_subscriber()
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var (traceId, parent) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        using var traced = TracedClient(traceId, parent);

        await _client.WaitForJobAsync(await traced.SubmitScanAsync(new { mode = "verify" }), "completed", 60);

        var trace = await WaitForTraceAsync(traceId, parent, t => t.Where(s => s.IsMassTransitProcess("test-audit-events")).Any());
        var api = trace.Single("the Api's request", s => s.Is("Microsoft.AspNetCore", ActivityKind.Server, "POST /v1/hub/scan"));
        var worker = trace.Single("the ScanService's consume", s => s.IsMassTransitProcess("scan-storage"));
        var scan = trace.Single("the scan's own span", s => s.DisplayName == "scan verify");
        trace.ShouldDescend(worker, api);
        trace.ShouldDescend(scan, worker);
        scan.Tag("modelhub.scan.blobs").ShouldNotBe("0");
        trace.Where(s => s.Source.Name == "Npgsql").ShouldContain(s => trace.Descends(s, scan), "the scan's queries of the artifacts are in its span");
        trace.ShouldDescend(trace.Single("StorageScanned's publish", s => s.IsMassTransitSend("ModelHub.Contracts.Scans:StorageScanned")), worker);
        trace.ShouldDescend(trace.Single("the subscriber's consume", s => s.IsMassTransitProcess("test-audit-events")), worker);
        trace.IsComplete.ShouldBeTrue(trace.Describe());
    }

    /// <summary>The test subscriber's consumes of what was published to <paramref name="destination"/> (its queue hears other events too).</summary>
    private static IEnumerable<Activity> SubscriberHeard(TraceView trace, string destination) =>
        trace.Where(s => s.IsMassTransitProcess("test-audit-events")
            && trace.Where(p => p.IsMassTransitSend(destination)).Any(published => trace.Descends(s, published)));

    private static bool IsRedisLock(Activity span) =>
        span.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal) && span.DisplayName is "SET" or "EVAL";

    private async Task<(Guid Id, string Path, string Sha256, long Size)> SyncAndPickAsync()
    {
        await _client.SyncAsync(ShippedRepos.Wan);
        var file = fixture.Simulator.Catalog[ShippedRepos.Wan].Main.Files.Where(f => f.IsLfs && f.Size >= SyncFixture.SmallFileLimit).MinBy(f => f.Size)!;
        var id = await fixture.WithDbAsync(db => db.Artifacts.Where(a => a.Path == file.Path).Select(a => a.Id).SingleAsync());
        return (id, file.Path, file.Sha256, file.Size);
    }

    /// <summary>A client whose requests continue the test's own trace, as a caller's instrumented HttpClient would.</summary>
    private HttpClient TracedClient(ActivityTraceId traceId, ActivitySpanId parent)
    {
        var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{parent}-01");
        return client;
    }

    /// <summary>The trace, once <paramref name="ready"/> holds and every exported span's parent has been exported too.</summary>
    private Task<TraceView> WaitForTraceAsync(ActivityTraceId traceId, ActivitySpanId parent, Func<TraceView, bool> ready) =>
        Poll.UntilOrLastAsync(
            () => Task.FromResult(new TraceView(traceId, parent, fixture.Spans.Snapshot().Where(s => s.TraceId == traceId).ToList())),
            trace => ready(trace) && trace.IsComplete, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
}
