using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;
using ModelHub.TestSupport;

namespace ModelHub.Storage.Tests;

public sealed class StoreTelemetryTests : IDisposable
{
    private readonly TempFolder _folder = new("modelhub-store-telemetry-");
    private readonly BlobStore _store;

    public StoreTelemetryTests() => _store = new BlobStore(Options.Create(new StoreOptions { Root = _folder.Path }));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task When_bytes_are_stored_twice_Should_trace_the_verification_and_the_move_with_what_was_stored_and_count_the_second_copy_as_deduplicated()
    {
        using var telemetry = new TelemetryRecorder();
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        var expected = new ExpectedContent(bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), null) { Repo = "org/model", RepoType = RepoType.Dataset, Path = "weights/model.bin" };

        await _store.StoreAsync(new MemoryStream(bytes), expected, "first", default);
        await _store.StoreAsync(new MemoryStream(bytes), expected, "second", default);

        var verifications = telemetry.SpansNamed(BlobStore.VerifySpan);
        var commits = telemetry.SpansNamed(BlobStore.CommitSpan);
        verifications.Count.ShouldBe(2);
        commits.Count.ShouldBe(2);
        foreach (var span in verifications.Concat(commits))
        {
            span.GetTagItem(StoreTelemetry.RepoAttribute).ShouldBe("org/model");
            span.GetTagItem(StoreTelemetry.RepoTypeAttribute).ShouldBe("dataset");
            span.GetTagItem(StoreTelemetry.PathAttribute).ShouldBe("weights/model.bin");
            span.GetTagItem(StoreTelemetry.BytesAttribute).ShouldBe((long)bytes.Length);
            span.GetTagItem(StoreTelemetry.Sha256Attribute).ShouldBe(expected.Sha256);
            span.Status.ShouldBe(ActivityStatusCode.Unset);
        }

        commits.Select(s => s.GetTagItem(StoreTelemetry.DeduplicatedAttribute)).ShouldBe([false, true]);
        telemetry.Sum(StoreTelemetry.DedupHitsName).ShouldBe(1);
        telemetry.Sum(StoreTelemetry.VerificationFailuresName).ShouldBe(0);
    }

    [Fact]
    public async Task When_bytes_break_their_promise_Should_fail_the_verification_span_and_count_once()
    {
        using var telemetry = new TelemetryRecorder();
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var expected = new ExpectedContent(bytes.Length, new string('0', 64), null) { Repo = "org/model", Path = "a.bin" };

        await Should.ThrowAsync<ContentMismatchException>(_store.StoreAsync(new MemoryStream(bytes), expected, "bad", default));

        var verification = telemetry.SpansNamed(BlobStore.VerifySpan).ShouldHaveSingleItem();
        verification.Status.ShouldBe(ActivityStatusCode.Error);
        verification.StatusDescription.ShouldNotBeNull().ShouldStartWith("checksum mismatch");
        telemetry.SpansNamed(BlobStore.CommitSpan).ShouldBeEmpty();
        telemetry.Sum(StoreTelemetry.VerificationFailuresName).ShouldBe(1);
    }

    [Fact]
    public async Task When_more_bytes_come_than_promised_Should_count_a_verification_failure()
    {
        using var telemetry = new TelemetryRecorder();
        var bytes = RandomNumberGenerator.GetBytes(2000);

        await Should.ThrowAsync<ContentMismatchException>(_store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(1000, null, null), "long", default));

        telemetry.Sum(StoreTelemetry.VerificationFailuresName).ShouldBe(1);
    }

    [Fact]
    public async Task When_the_store_size_gauges_are_read_Should_report_the_blobs_and_count_again_only_after_the_interval()
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var options = new StoreOptions { Root = _folder.Path, SizeRefreshInterval = TimeSpan.FromHours(1) };
        var gauge = new StoreSizeGauge(_store, meters, Options.Create(options), TimeProvider.System);
        await StoreAsync(3000);
        await StoreAsync(500);
        await gauge.StartAsync(default);

        Observe(meters).ShouldBe(new Dictionary<string, long> { [StoreTelemetry.SizeName] = 3500, [StoreTelemetry.BlobCountName] = 2 });

        await StoreAsync(100);
        gauge.Figures().ShouldBe((3500, 2), "counted less than an interval ago");
        options.SizeRefreshInterval = TimeSpan.Zero;
        gauge.Figures().ShouldBe((3600, 3));
    }

    private async Task StoreAsync(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        await _store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(size, null, null), $"b{size}", default);
    }

    private static Dictionary<string, long> Observe(IMeterFactory meters)
    {
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
