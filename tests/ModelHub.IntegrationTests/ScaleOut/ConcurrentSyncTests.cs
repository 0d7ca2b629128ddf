using Microsoft.EntityFrameworkCore;
using ModelHub.UpstreamSimulator.Faults;
using Xunit.Abstractions;

namespace ModelHub.IntegrationTests.ScaleOut;

/// <summary>Two syncs of one repository at once, one on each SyncService instance: the second waits for the first's lock.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ConcurrentSyncTests(ScaleOutFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Repo = "sim/shards";

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_two_syncs_of_one_repository_run_at_once_on_two_instances_Should_run_one_after_the_other_and_end_consistent()
    {
        var client = fixture.CreateClient();
        var simulator = fixture.Simulator.Catalog;
        var listing = new TaskCompletionSource();
        simulator[Repo].TreeListingHold = listing.Task;
        (await client.PostAsJsonAsync("/v1/hub/register", new { repo_id = Repo })).EnsureSuccessStatusCode();
        var secondInstanceBefore = fixture.SecondSyncService.Count;

        // The first sync holds the repository's lock: it has asked for the repository's info and waits on its tree listing.
        var first = await client.SubmitSyncAsync(Repo);
        await Poll.UntilAsync(() => Requests("model-info").Count == 1, TimeSpan.FromSeconds(30), "the first sync asks for the repository");
        var second = await client.SubmitSyncAsync(Repo);
        await client.WaitForJobAsync(second, "running");
        listing.SetResult();
        var jobs = await client.WaitForJobsAsync([first, second], "completed", 60);

        // Had the second not waited, it would have asked for the repository while the first's listing was held, before that
        // listing was answered: its question is the marker that comes only after the first sync let go.
        var (infos, trees) = (Requests("model-info"), Requests("tree"));
        output.WriteLine($"upstream: info at {string.Join(", ", infos.Select(r => $"{r.At:HH:mm:ss.fff}"))}; "
            + $"tree at {string.Join(", ", trees.Select(r => $"{r.At:HH:mm:ss.fff}"))}; summaries: {string.Join(" | ", jobs.Select(j => j["summary"]))}");
        infos.Count.ShouldBe(2);
        infos[1].At.ShouldBeGreaterThan(trees[0].At, "the second sync asked for the repository only after the first's listing was answered");
        (fixture.SecondSyncService.Count - secondInstanceBefore).ShouldBe(1, "each SyncService instance took one of the two syncs");

        // Consistent: one row per file, and what the syncs store (the small files) fetched from the upstream once in all.
        var files = simulator[Repo].Main.Files;
        var recorded = await fixture.WithDbAsync(db => db.Artifacts.Where(a => db.Repositories.Any(r => r.Id == a.RepositoryId && r.RepoId == Repo)).Select(a => a.Path).ToListAsync());
        recorded.Order(StringComparer.Ordinal).ShouldBe(files.Select(f => f.Path).Order(StringComparer.Ordinal));
        var fetches = files.ToDictionary(f => f.Path, f => simulator.Requests.Snapshot().Count(r => r.RepoId == Repo && (f.IsLfs
            ? r.Kind == "cdn" && r.Path.EndsWith(f.Sha256, StringComparison.Ordinal)
            : r.Kind == "resolve" && r.Path.EndsWith("/" + f.Path, StringComparison.Ordinal))));
        output.WriteLine("fetches per file: " + string.Join(", ", fetches.Select(f => $"{f.Key} {f.Value}")));
        fetches.Values.ShouldContain(1, "the first sync stored the small files");
        fetches.Values.ShouldAllBe(count => count <= 1, "the second sync found them stored");
    }

    private List<SimRequest> Requests(string kind) =>
        [.. fixture.Simulator.Catalog.Requests.Snapshot().Where(r => r.RepoId == Repo && r.Kind == kind).OrderBy(r => r.At)];
}
