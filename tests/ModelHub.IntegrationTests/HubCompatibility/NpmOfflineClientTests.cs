using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// The real npm client <c>@huggingface/hub</c> on a synced repository whose files are all stored, with the upstream gone
/// (a dead port): one run of <c>js/hub-client-check.mjs</c>, every answer from ModelHub's records and store.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class NpmOfflineClientTests(ServeFixture fixture, NpmHubClient npm) : IClassFixture<NpmHubClient>
{
    private const string Repo = "sim/offline-npm";

    private SimCommit Main => fixture.Simulator.Catalog[Repo].Main;

    [Fact]
    public async Task When_the_npm_client_reads_a_synced_repository_with_the_upstream_down_Should_get_every_file_byte_for_byte()
    {
        var run = await RunAsync();

        run.Report["modelInfo"]!["sha"]!.GetValue<string>().ShouldBe(Main.Sha);
        var downloaded = run.Report["downloadFile"]!.AsObject();
        downloaded.Select(f => f.Key).Order().ShouldBe(Main.Files.Select(f => f.Path).Order());
        foreach (var file in Main.Files)
        {
            downloaded[file.Path]!.GetValue<string>().ShouldBe(file.Sha256, file.Path);
        }

        run.Report["snapshotDownload"]!["folder"]!.GetValue<string>().ShouldEndWith(Main.Sha);
    }

    /// <summary>Syncs a repository small enough for the sync to store every file, then runs the client once against an Api with no upstream.</summary>
    private Task<NpmClientRun> RunAsync() => npm.OnceAsync(async () =>
    {
        await fixture.ResetAsync();
        fixture.Simulator.Catalog.RemoveRepo(Repo);
        fixture.Simulator.Catalog.AddRepo(Repo, commit => commit
            .Text("config.json", "{\"model_type\": \"offline\"}\n")
            .Bytes("tokenizer/vocab.json", Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 3_000))
            .Bytes("weights/model.safetensors", Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 200_000), lfs: true));
        await fixture.SyncAsync(fixture.CreateClient(), Repo);
        var offline = fixture.ApiWith(new Dictionary<string, string?> { ["Upstream:Endpoint"] = DeadEndpoint.Create() });
        using var client = offline.CreateClient();
        return await npm.CheckAsync(client.BaseAddress!, ServeFixture.ReadToken, Repo);
    });
}
