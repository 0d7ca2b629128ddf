using System.Security.Cryptography;
using ModelHub.IntegrationTests.HubCompatibility;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>
/// The air gap's round trip: a snapshot exported as a tar (GET …/export), carried over, untarred with the machine's own
/// <c>tar</c> and imported by a ModelHub that holds nothing yet, which verifies every blob and serves the files.
/// </summary>
[Collection(ScanCollection.Name)]
public sealed class ExportRoundTripTests(ScanFixture fixture) : IAsyncLifetime, IDisposable
{
    private const string Repo = "export/round-trip";

    private readonly TempFolder _cache = new("hf-cache-");
    private readonly TempFolder _farSide = new("hf-far-side-");
    private readonly byte[] _config = ScanSteps.RandomBytes(300);
    private readonly byte[] _weights = ScanSteps.RandomBytes(200_000);
    private readonly byte[] _vocab = ScanSteps.RandomBytes(900);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _cache.Dispose();
        _farSide.Dispose();
    }

    [Fact]
    public async Task When_an_export_is_imported_by_a_ModelHub_that_holds_nothing_Should_store_every_blob_verified_and_serve_it()
    {
        var cache = await ImportAsync();
        var tar = Path.Combine(_cache.Path, "export.tar");
        using (var response = await fixture.CreateClient().GetAsync($"/v1/hub/models/{Repo}/export", HttpCompletionOption.ResponseHeadersRead))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            response.Content.Headers.ContentDisposition!.FileName.ShouldBe($"models--export--round-trip-{cache.Commit[..12]}.tar");
            await using var file = File.Create(tar);
            await (await response.Content.ReadAsStreamAsync()).CopyToAsync(file);
        }

        // The far side: nothing recorded, nothing stored.
        await fixture.ResetAsync();
        await using (var carried = File.OpenRead(tar))
        {
            await ExtractedCache.ExtractAsync(carried, _farSide.Path);
        }

        var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "import", path = _farSide.Path }));

        (scanned.FilesImported, scanned.FilesSkipped).ShouldBe((3, 0), string.Join("; ", scanned.Problems));
        var artifacts = await fixture.ArtifactsAsync(Repo);
        artifacts.Select(a => (a.Path, a.Status, a.Commit)).ShouldBe([
            ("config.json", ArtifactStatus.Completed, cache.Commit),
            ("model.safetensors", ArtifactStatus.Completed, cache.Commit),
            ("tokenizer/vocab.json", ArtifactStatus.Completed, cache.Commit)]);
        using var hub = ServeFixture.WithoutKey(fixture.ApiWith(new Dictionary<string, string?> { ["Upstream:Endpoint"] = DeadEndpoint.Create() }).CreateClient());
        foreach (var (path, bytes) in Files)
        {
            var stored = Path.Combine(fixture.StoreRoot, "blobs", "sha256", HfCacheBuilder.Sha256(bytes));
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(stored))).ShouldBe(HfCacheBuilder.Sha256(bytes), path);
            (await hub.GetByteArrayAsync($"/{Repo}/resolve/main/{path}")).ShouldBe(bytes, path);
        }

        var info = await (await hub.GetAsync($"/api/models/{Repo}/revision/main")).ReadJsonAsync();
        info["sha"]!.GetValue<string>().ShouldBe(cache.Commit, "the export carried refs/main");
    }

    [Fact]
    public async Task When_an_export_is_asked_for_what_cannot_be_exported_Should_refuse_before_sending_a_byte()
    {
        await ImportAsync();
        File.Delete(Path.Combine(fixture.StoreRoot, "blobs", "sha256", HfCacheBuilder.Sha256(_weights)));
        using var admin = fixture.CreateClient();

        var missing = await (await admin.GetAsync($"/v1/hub/models/{Repo}/export")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var withoutWeights = await admin.GetAsync($"/v1/hub/models/{Repo}/export?include=*.json&include=tokenizer/");
        var unmatched = await (await admin.GetAsync($"/v1/hub/models/{Repo}/export?include=*.gguf")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var nothingLeft = await (await admin.GetAsync($"/v1/hub/models/{Repo}/export?exclude=*")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.GetAsync($"/v1/hub/models/{Repo}/export?revision=..%2Fmain")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/v1/hub/models/nobody/nothing/export")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/v1/hub/datasets/{Repo}/export")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        missing["missing_paths"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["model.safetensors"]);
        withoutWeights.StatusCode.ShouldBe(HttpStatusCode.OK);
        await ExtractedCache.ExtractAsync(await withoutWeights.Content.ReadAsStreamAsync(), _farSide.Path);
        var layout = ExtractedCache.Layout(_farSide.Path);
        layout.Where(e => e.Value.Type == "symlink").Select(e => Path.GetFileName(e.Key)).Order(StringComparer.Ordinal).ShouldBe(["config.json", "vocab.json"]);
        unmatched["unmatched_patterns"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["*.gguf"]);
        nothingLeft["title"]!.GetValue<string>().ShouldBe("Nothing to export.");
    }

    [Fact]
    public async Task When_a_gated_repository_is_exported_Should_need_a_key()
    {
        await ImportAsync();
        using var admin = fixture.CreateClient();
        (await admin.PutAsJsonAsync($"/v1/hub/models/{Repo}/access", new { access = "gated" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var anonymous = ServeFixture.WithoutKey(fixture.CreateClient());

        await (await anonymous.GetAsync($"/v1/hub/models/{Repo}/export")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await admin.GetAsync($"/v1/hub/models/{Repo}/export", HttpCompletionOption.ResponseHeadersRead)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private (string Path, byte[] Bytes)[] Files => [("config.json", _config), ("model.safetensors", _weights), ("tokenizer/vocab.json", _vocab)];

    private async Task<HfCacheBuilder> ImportAsync()
    {
        var cache = new HfCacheBuilder(_cache.Path, Repo)
            .File("config.json", _config)
            .File("model.safetensors", _weights, lfs: true)
            .File("tokenizer/vocab.json", _vocab)
            .Ref();
        var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "import", path = _cache.Path }));
        scanned.FilesImported.ShouldBe(3);
        return cache;
    }
}
