using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.IntegrationTests.ScaleOut;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Caching;
using Xunit.Abstractions;

namespace ModelHub.IntegrationTests.Redis;

/// <summary>
/// Redis holds nothing that cannot be rebuilt: with it stopped, jobs still complete, each set of bytes is
/// still fetched once (the locks are taken in PostgreSQL), the Api answers at once, and ready says Degraded.
/// </summary>
[Collection(RedisOutageCollection.Name)]
public sealed class RedisOutageTests(ScaleOutFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Repos = 6;
    private const int SharedWeights = 3;

    private readonly HttpClient _client = fixture.CreateClient();

    public async Task InitializeAsync()
    {
        await TestRedis.StartAsync();
        await fixture.ResetAsync();
    }

    public Task DisposeAsync() => TestRedis.StartAsync();

    [Fact]
    public async Task When_Redis_is_stopped_Should_complete_syncs_downloads_and_a_pull_through_fetch_each_blob_once_and_report_degraded()
    {
        var repos = SharedWeightRepos.Add(fixture, "outage", Repos, SharedWeights);
        await TestRedis.StopAsync();
        var ready = await WaitForReadyAsync("Degraded");
        ready["checks"]!["redis"]!["status"]!.GetValue<string>().ShouldBe("Degraded");
        ready["checks"]!["redis"]!["description"]!.GetValue<string>().ShouldContain("Redis is unreachable");
        ready["checks"]!["postgres"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        // From here until Redis is back, a call sent to it would wait for its timeout: the Api's circuit must send none.
        var circuit = fixture.HostServices.First().GetRequiredService<RedisCircuit>();
        var (sent, skipped) = (circuit.Sent, circuit.Skipped);
        var clock = Stopwatch.StartNew();

        var weights = await repos.SyncAllAsync(_client);

        // Every weight asked for twice at once, by the two DownloadService instances, and one also by a client of the Api.
        var downloads = await Task.WhenAll(weights.Concat(weights).Select(w => _client.SubmitDownloadAsync(w.Id)));
        var pulled = _client.GetByteArrayAsync($"/{repos.Ids[0]}/resolve/main/own.safetensors");
        await _client.WaitForJobsAsync(downloads, "completed", 120);
        var pulledBytes = await pulled;
        output.WriteLine($"{Repos} syncs, {downloads.Length} downloads and a pull-through completed with Redis stopped in {clock.Elapsed.TotalSeconds:0.0} s");

        foreach (var sha256 in repos.ShouldEachBeFetchedOnce(weights))
        {
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(BlobPath(sha256)))).ShouldBe(sha256);
        }

        Convert.ToHexStringLower(SHA256.HashData(pulledBytes)).ShouldBe(fixture.Simulator.Catalog[repos.Ids[0]].Main.Files.Single(f => f.Path == "own.safetensors").Sha256);
        (await fixture.WithDbAsync(db => db.Artifacts.CountAsync(a => a.Status == ArtifactStatus.Completed))).ShouldBe(3 * Repos);
        await TheApiAnswersAtOnceAsync(downloads[0]);
        circuit.Sent.ShouldBe(sent, "the Api sent the stopped Redis no call, for the answers and the job polls of the whole outage");
        circuit.Skipped.ShouldBeGreaterThan(skipped, "the polls of running jobs ask Redis for their live progress, and are told to skip it");
        output.WriteLine($"the Api's Redis circuit while Redis was stopped: {circuit.Skipped - skipped} calls skipped, {circuit.Sent - sent} sent");

        await TestRedis.StartAsync();
        await WaitForReadyAsync("Healthy");
        await _client.SyncAsync(repos.Ids[0]);
    }

    /// <summary>Lists, a job and the readiness report answer with Redis stopped (that they did not wait on it, the circuit's counts say).</summary>
    private async Task TheApiAnswersAtOnceAsync(Guid job)
    {
        foreach (var url in new[] { "/v1/hub/models", "/v1/hub/jobs", $"/v1/hub/jobs/{job}", "/health/ready" })
        {
            var clock = Stopwatch.StartNew();
            var response = await _client.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{url}: {await response.Content.ReadAsStringAsync()}");
            output.WriteLine($"GET {url}: {clock.Elapsed.TotalMilliseconds:0} ms with Redis stopped");
        }
    }

    private async Task<JsonNode> WaitForReadyAsync(string status)
    {
        var clock = Stopwatch.StartNew();
        var (code, report) = await Poll.UntilAsync(ReadyAsync, ready => ready.Report["status"]?.GetValue<string>() == status,
            TimeSpan.FromSeconds(30), ready => $"ready is not {status}: {ready.Report.ToJsonString()}");
        code.ShouldBe(HttpStatusCode.OK, "Degraded is still ready");
        output.WriteLine($"ready says {status} after {clock.Elapsed.TotalSeconds:0.0} s");
        return report;
    }

    private async Task<(HttpStatusCode Code, JsonNode Report)> ReadyAsync()
    {
        using var response = await _client.GetAsync("/health/ready");
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    private string BlobPath(string sha256) => Path.Combine(fixture.StoreRoot, "blobs", "sha256", sha256);
}
