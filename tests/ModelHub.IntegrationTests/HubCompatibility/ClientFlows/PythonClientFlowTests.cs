using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility.ClientFlows;

/// <summary>
/// <c>huggingface_hub</c>'s flows against ModelHub, request by request (<see cref="PythonHubReplay"/>): today's
/// <c>snapshot_download</c> (info, tree, then a HEAD and a GET per file, since ModelHub gives it no Xet data to skip the
/// HEAD with), the older one that lists files from the info's siblings, and <c>hf_hub_download</c> with its 10 s budget
/// and a resume after a broken connection. Each ends with every byte checked against the upstream's. The npm client's
/// flows run the real client (<see cref="NpmClientTests"/>).
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class PythonClientFlowTests(ServeFixture fixture) : IAsyncLifetime
{
    private const string Wan = ShippedRepos.Wan;

    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_snapshot_download_runs_Should_list_the_tree_then_HEAD_and_GET_each_file_once_and_get_every_byte()
    {
        var main = await fixture.SyncAsync(_client);
        using var python = Replay();

        var files = await python.SnapshotDownloadAsync(Wan, "main");

        ShouldHoldEveryFile(files, main);
        python.Requests[0].ShouldBe($"GET /api/models/{Wan}/revision/main");
        python.Requests.Count(r => r.StartsWith($"GET /api/models/{Wan}/tree/{main.Sha}", StringComparison.Ordinal)).ShouldBeGreaterThan(1, "paginated");
        ShouldHeadAndGetEachFileOnce(python, main);
    }

    [Fact]
    public async Task When_an_older_snapshot_download_lists_files_from_siblings_Should_get_every_byte_without_a_tree()
    {
        var main = await fixture.SyncAsync(_client);
        using var python = Replay();

        var files = await python.OlderSnapshotDownloadAsync(Wan, "main");

        ShouldHoldEveryFile(files, main);
        python.Requests.ShouldNotContain(r => r.Contains("/tree/", StringComparison.Ordinal));
        ShouldHeadAndGetEachFileOnce(python, main);
    }

    [Fact]
    public async Task When_a_download_breaks_mid_file_Should_resume_with_a_range_and_end_with_the_right_bytes()
    {
        var main = await fixture.SyncAsync(_client);
        var stored = main.File("config.json");
        var cold = main.Files.Where(f => f.IsLfs).MaxBy(f => f.Size)!;
        using var python = Replay();

        var fromStore = await python.HfHubDownloadAsync(Wan, "main", stored.Path, breakAfter: stored.Size / 2);
        var pulledThrough = await python.HfHubDownloadAsync(Wan, "main", cold.Path, breakAfter: cold.Size / 3);

        fromStore.Bytes.ShouldBe(stored.ReadAllBytes());
        fromStore.ETag.ShouldBe(stored.GitOid);
        pulledThrough.Bytes.ShouldBe(cold.ReadAllBytes());
        pulledThrough.ETag.ShouldBe(cold.Sha256);
        python.Resumed.Select(r => r.From).ShouldBe([stored.Size / 2, cold.Size / 3]);
    }

    [Fact]
    public async Task When_hf_hub_download_asks_for_a_file_of_a_repository_never_synced_Should_answer_within_the_clients_10_s_and_sync_it()
    {
        var upstream = fixture.Simulator.Catalog[Wan].Main;
        (await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = Wan })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var weights = upstream.Files.Where(f => f.IsLfs).MinBy(f => f.Size)!;
        using var python = Replay();

        var (bytes, etag, commit) = await python.HfHubDownloadAsync(Wan, "main", weights.Path);

        bytes.ShouldBe(weights.ReadAllBytes());
        (etag, commit).ShouldBe((weights.Sha256, upstream.Sha));
        python.Requests.ShouldBe([$"HEAD /{Wan}/resolve/main/{weights.Path}", $"GET /{Wan}/resolve/main/{weights.Path}"]);
    }

    private PythonHubReplay Replay() => new(_client.BaseAddress!, ServeFixture.ReadToken);

    private static void ShouldHoldEveryFile(Dictionary<string, byte[]> files, SimCommit main)
    {
        files.Keys.Order(StringComparer.Ordinal).ShouldBe(main.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        foreach (var file in main.Files)
        {
            files[file.Path].ShouldBe(file.ReadAllBytes(), file.Path);
        }
    }

    private static void ShouldHeadAndGetEachFileOnce(PythonHubReplay python, SimCommit main)
    {
        foreach (var file in main.Files)
        {
            var url = $"/{Wan}/resolve/{main.Sha}/{PythonHubReplay.EscapeFilePath(file.Path)}";
            python.Requests.Count(r => r == $"HEAD {url}").ShouldBe(1, file.Path);
            python.Requests.Count(r => r == $"GET {url}").ShouldBe(1, file.Path);
        }

        python.Requests.Count(r => r.StartsWith("HEAD ", StringComparison.Ordinal)).ShouldBe(main.Files.Count);
    }
}
