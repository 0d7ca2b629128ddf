using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// The real npm client <c>@huggingface/hub</c> (huggingface-hub-api.md §3.4–3.6) with ModelHub as its <c>hubUrl</c>:
/// one run of <c>js/hub-client-check.mjs</c> on a synced repository with nested folders, LFS files, an empty file and
/// five tree pages, whose weights are not stored yet (ModelHub pulls them through); each test checks one call.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class NpmClientTests(ServeFixture fixture, NpmHubClient npm) : IClassFixture<NpmHubClient>
{
    private const string RepoFolder = "models--Wan-AI--Wan2.1-T2V-1.3B";

    private SimCommit Main => fixture.Simulator.Catalog[ShippedRepos.Wan].Main;

    [Fact]
    public async Task When_the_npm_client_asks_for_model_info_Should_get_the_repository_its_commit_and_every_file()
    {
        var result = (await RunAsync()).Report;

        var info = result["modelInfo"]!;
        info["name"]!.GetValue<string>().ShouldBe(ShippedRepos.Wan);
        info["id"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        info["sha"]!.GetValue<string>().ShouldBe(Main.Sha);
        info["private"]!.GetValue<bool>().ShouldBeFalse();
        Strings(info["filePaths"]!).Order(StringComparer.Ordinal).ShouldBe(SimulatorPaths());
    }

    [Fact]
    public async Task When_the_npm_client_lists_files_recursively_Should_follow_every_page_and_get_every_file_and_folder()
    {
        var run = await RunAsync();
        var result = run.Report;

        var entries = result["listFiles"]!.AsArray().Select(e => e!).ToList();
        var files = entries.Where(e => e["type"]!.GetValue<string>() == "file").ToList();
        files.Select(e => e["path"]!.GetValue<string>()).Order(StringComparer.Ordinal).ShouldBe(SimulatorPaths());
        foreach (var file in Main.Files)
        {
            var entry = files.Single(e => e["path"]!.GetValue<string>() == file.Path);
            entry["size"]!.GetValue<long>().ShouldBe(file.Size, file.Path);
            entry["oid"]!.GetValue<string>().ShouldBe(file.GitOid, file.Path);
            ((string?)entry["lfsOid"]).ShouldBe(file.IsLfs ? file.Sha256 : null, file.Path);
        }

        var folders = Main.Files.SelectMany(f => Parents(f.Path)).Distinct().Order(StringComparer.Ordinal).ToList();
        entries.Where(e => e["type"]!.GetValue<string>() == "directory").Select(e => e["path"]!.GetValue<string>())
            .Order(StringComparer.Ordinal).ShouldBe(folders);
        var pages = run.Requests().Count(r => r.StartsWith($"GET /api/models/{ShippedRepos.Wan}/tree/main", StringComparison.Ordinal));
        pages.ShouldBe((entries.Count + ServeFixture.TreePageSize - 1) / ServeFixture.TreePageSize);
        pages.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task When_the_npm_client_downloads_each_file_Should_get_the_upstream_bytes()
    {
        var run = await RunAsync();
        var result = run.Report;

        var downloads = result["downloadFile"]!.AsObject();
        downloads.Select(d => d.Key).Order(StringComparer.Ordinal).ShouldBe(SimulatorPaths());
        foreach (var file in Main.Files)
        {
            ((string?)downloads[file.Path]).ShouldBe(file.Sha256, file.Path);
        }

        // The probe and the full read of each file went to ModelHub's resolve route on main.
        foreach (var file in Main.Files)
        {
            run.Requests().Count(r => r == $"GET /{ShippedRepos.Wan}/resolve/main/{file.Path} 206"
                || r == $"GET /{ShippedRepos.Wan}/resolve/main/{file.Path} 200").ShouldBeGreaterThanOrEqualTo(2, file.Path);
        }
    }

    [Fact]
    public async Task When_the_npm_client_downloads_to_a_cache_dir_Should_write_the_hugging_face_cache_layout()
    {
        var run = await RunAsync();
        var result = run.Report;

        var layout = run.Layout("fileCache");
        foreach (var call in result["downloadFileToCacheDir"]!.AsArray().Select(c => c!))
        {
            var file = Main.File(call["path"]!.GetValue<string>());
            var revision = call["revision"]!.GetValue<string>();
            // Pinned, the snapshot is the commit; on a branch the client files it under the file's lastCommit from
            // paths-info, which ModelHub (keeping no per-file history) reports as the commit main resolved to.
            revision.ShouldBeOneOf(Main.Sha, "main");
            var pointer = $"{RepoFolder}/snapshots/{Main.Sha}/{file.Path}";
            call["pointer"]!.GetValue<string>().ShouldBe(pointer);
            ShouldLinkToItsBlob(layout, pointer, file);
        }

        layout.Keys.ShouldContain($"{RepoFolder}/blobs");
        layout.Keys.ShouldAllBe(path => !path.EndsWith(".incomplete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_npm_client_downloads_a_snapshot_Should_fetch_every_file_with_the_upstream_bytes()
    {
        var run = await RunAsync();
        var (result, output) = (run.Report, run.Output);

        var snapshot = $"{RepoFolder}/snapshots/{Main.Sha}";
        result["snapshotDownload"]!["folder"]!.GetValue<string>().ShouldBe(snapshot);
        var layout = run.Layout("snapshotCache");
        var reference = layout[$"{RepoFolder}/refs/main"];
        reference["type"]!.GetValue<string>().ShouldBe("file");
        (await File.ReadAllTextAsync(Path.Combine(output, "snapshot-cache", RepoFolder, "refs", "main"))).ShouldBe(Main.Sha);
        foreach (var file in Main.Files)
        {
            ShouldLinkToItsBlob(layout, $"{snapshot}/{file.Path}", file);
        }

        layout.Where(e => e.Key.StartsWith(snapshot + "/", StringComparison.Ordinal) && e.Value["type"]!.GetValue<string>() == "symlink")
            .Select(e => e.Key[(snapshot.Length + 1)..]).Order(StringComparer.Ordinal).ShouldBe(SimulatorPaths());
        layout.Keys.Count(k => k.StartsWith($"{RepoFolder}/blobs/", StringComparison.Ordinal))
            .ShouldBe(Main.Files.Select(f => f.ETag).Distinct().Count());
    }

    [Fact]
    public async Task When_the_snapshot_is_exported_and_untarred_Should_give_the_cache_the_npm_client_wrote()
    {
        var run = await RunAsync();
        using var folder = new TempFolder("modelhub-export-");

        // The client's snapshot pulled every file through: each is stored now.
        using var response = await fixture.CreateClient().GetAsync($"/v1/hub/models/{ShippedRepos.Wan}/export", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-tar");
        await ExtractedCache.ExtractAsync(await response.Content.ReadAsStreamAsync(), folder.Path);

        var exported = ExtractedCache.Layout(folder.Path);
        var written = run.Entries("snapshotCache");
        exported.Keys.Order(StringComparer.Ordinal).ShouldBe(written.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, entry) in written)
        {
            exported[path].ShouldBe(entry, path);
        }
    }

    /// <summary>Syncs the repository (its weights stay unstored until a client asks), then runs the client once for the class.</summary>
    private Task<NpmClientRun> RunAsync() => npm.OnceAsync(async () =>
    {
        await fixture.ResetAsync();
        var client = fixture.CreateClient();
        await fixture.SyncAsync(client);
        return await npm.CheckAsync(client.BaseAddress!, ServeFixture.ReadToken, ShippedRepos.Wan);
    });

    private static void ShouldLinkToItsBlob(Dictionary<string, JsonNode> layout, string pointer, SimFile file) =>
        NpmClientRun.ShouldLinkToItsBlob(layout, RepoFolder, pointer, file.Sha256, file.ETag);

    private List<string> SimulatorPaths() => Main.Files.Select(f => f.Path).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<string> Parents(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            yield return path[..slash];
        }
    }

    private static IEnumerable<string> Strings(JsonNode array) => array.AsArray().Select(s => s!.GetValue<string>());
}
