using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// A file of a registered repository whose revision is not synced yet (pull-through): the Python client gives its HEAD
/// 10 s, less than a large tree's listing takes, so the HEAD is answered from the upstream's description of that one
/// file while the sync runs. The simulator holds the sync's tree listing until the test lets go: whatever is answered
/// before, did not wait for the tree.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class UnsyncedFileTests(ServeFixture fixture) : IAsyncLifetime
{
    private const string ManyFiles = ShippedRepos.ManyFiles;

    private readonly HttpClient _client = fixture.CreateClient();
    private readonly TaskCompletionSource _treeHold = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        _treeHold.TrySetResult();
        fixture.Simulator.Catalog.ResetFaults();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_a_file_of_an_unsynced_ten_thousand_file_repository_is_asked_for_Should_answer_the_HEAD_before_the_tree_is_listed()
    {
        var upstream = await RegisterHeldAsync(ManyFiles);
        var file = upstream.Main.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Last();
        var url = $"/{ManyFiles}/resolve/main/{file.Path}";

        using var head = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, url));

        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Header("X-Repo-Commit").ShouldBe(upstream.Main.Sha);
        head.Header("ETag").ShouldBe($"\"{file.GitOid}\"");
        head.Header("X-Linked-Size").ShouldBe(file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        head.Content.Headers.ContentLength.ShouldBe(file.Size);
        (await SyncStatesAsync()).Single().ShouldBeOneOf([JobStateNames.Pending, JobStateNames.Running], "the HEAD started the sync, held in its listing");

        // The bytes come by the file's row: the GET waits for the sync to record it, then for nothing else.
        var get = _client.GetByteArrayAsync(url);
        _treeHold.SetResult();
        (await get).ShouldBe(file.ReadAllBytes());
        await Poll.UntilAsync(async () => (await SyncStatesAsync()).SequenceEqual([JobStateNames.Completed]), TimeSpan.FromSeconds(60), "the sync completed");
    }

    [Fact]
    public async Task When_a_file_of_an_unsynced_gated_repository_is_asked_for_Should_hold_it_to_the_upstreams_gate_already()
    {
        var upstream = await RegisterHeldAsync(ShippedRepos.Gated);
        var url = $"/{ShippedRepos.Gated}/resolve/main/config.json";
        using var hub = fixture.CreateHubClient();

        using var anonymous = await hub.SendAsync(ServeFixture.Request(HttpMethod.Head, url));
        using var reader = await hub.SendAsync(ServeFixture.Request(HttpMethod.Head, url, token: ServeFixture.ReadToken));

        await anonymous.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
        reader.StatusCode.ShouldBe(HttpStatusCode.OK);
        reader.Header("X-Repo-Commit").ShouldBe(upstream.Main.Sha);
        (await fixture.WithDbAsync(db => db.Repositories.SingleAsync(r => r.RepoId == ShippedRepos.Gated))).Access
            .ShouldBe(ModelHub.Persistence.Repositories.RepositoryAccess.Gated, "recorded from the upstream's answer, before the sync is done");
    }

    [Fact]
    public async Task When_an_unsynced_repository_lacks_the_file_Should_answer_EntryNotFound_with_the_commit()
    {
        var upstream = await RegisterHeldAsync(ManyFiles);

        using var head = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/{ManyFiles}/resolve/main/no/such/file.txt"));

        await head.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "EntryNotFound");
        head.Header("X-Repo-Commit").ShouldBe(upstream.Main.Sha);
    }

    /// <summary>Registers the repository (no sync) with its upstream tree listing held.</summary>
    private async Task<SimRepo> RegisterHeldAsync(string repoId)
    {
        var upstream = fixture.Simulator.Catalog[repoId];
        upstream.TreeListingHold = _treeHold.Task;
        (await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = repoId })).StatusCode.ShouldBe(HttpStatusCode.Created);
        return upstream;
    }

    private Task<List<string?>> SyncStatesAsync() =>
        fixture.WithDbAsync(db => db.Jobs.AsNoTracking().Where(j => j.Kind == JobKind.Sync).Select(j => j.CurrentState).ToListAsync());
}
