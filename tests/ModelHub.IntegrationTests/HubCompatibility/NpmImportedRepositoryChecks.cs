using ModelHub.IntegrationTests.Scans;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// The real npm client <c>@huggingface/hub</c> reading an imported Hugging Face cache while the upstream cannot say
/// anything about it (<see cref="Upstream"/>: a dead port, or an upstream that does not know the repository). One run of
/// <c>js/hub-client-check.mjs</c> per class (its cache calls want a nested LFS file and a nested regular one): model info,
/// listing, every file and a snapshot, byte for byte.
/// </summary>
public abstract class NpmImportedRepositoryChecks(ScanFixture fixture, NpmHubClient npm) : IDisposable
{
    private const string ReadToken = "hf_modelhub_airgap_npm";
    private const string Repo = "airgap/npm-model";

    private static readonly byte[] _config = ScanSteps.RandomBytes(512);
    private static readonly byte[] _weights = ScanSteps.RandomBytes(300_000);
    private static readonly byte[] _vocab = ScanSteps.RandomBytes(2_000);

    private readonly string _cache = Directory.CreateTempSubdirectory("hf-cache-").FullName;

    private string? _commit;

    /// <summary>The upstream the Api is given: <c>Upstream:Endpoint</c>, or null for the fixture's simulator.</summary>
    protected abstract string? Upstream { get; }

    public void Dispose()
    {
        Directory.Delete(_cache, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task When_the_npm_client_reads_an_imported_repository_the_upstream_cannot_tell_about_Should_get_its_info_files_and_snapshot()
    {
        var run = await RunAsync();

        run.Report["modelInfo"]!["sha"]!.GetValue<string>().ShouldBe(_commit);
        run.Report["listFiles"]!.AsArray().Where(f => f!["type"]!.GetValue<string>() == "file").Select(f => f!["path"]!.GetValue<string>()).Order().ToList()
            .ShouldBe(["config.json", "tokenizer/vocab.json", "weights/model.safetensors"]);
        var downloaded = run.Report["downloadFile"]!.AsObject();
        downloaded["config.json"]!.GetValue<string>().ShouldBe(HfCacheBuilder.Sha256(_config));
        downloaded["weights/model.safetensors"]!.GetValue<string>().ShouldBe(HfCacheBuilder.Sha256(_weights));
        downloaded["tokenizer/vocab.json"]!.GetValue<string>().ShouldBe(HfCacheBuilder.Sha256(_vocab));
        run.Report["snapshotDownload"]!["folder"]!.GetValue<string>().ShouldEndWith(_commit!);
    }

    /// <summary>Imports the cache, then runs the client once for the class against an Api with <see cref="Upstream"/>.</summary>
    private Task<NpmClientRun> RunAsync() => npm.OnceAsync(async () =>
    {
        await fixture.ResetAsync();
        var cache = new HfCacheBuilder(_cache, Repo)
            .File("config.json", _config)
            .File("weights/model.safetensors", _weights, lfs: true)
            .File("tokenizer/vocab.json", _vocab)
            .Ref();
        _commit = cache.Commit;
        var imported = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "import", path = _cache }));
        imported.FilesImported.ShouldBe(3, $"{imported.Summary}: {string.Join("; ", imported.Problems)}");
        var settings = new Dictionary<string, string?> { ["HubApi:ReadTokens:0"] = ReadToken };
        if (Upstream is { } endpoint)
        {
            settings["Upstream:Endpoint"] = endpoint;
        }

        var offline = fixture.ApiWith(settings);
        using var client = offline.CreateClient();
        return await npm.CheckAsync(client.BaseAddress!, ReadToken, Repo);
    });
}
