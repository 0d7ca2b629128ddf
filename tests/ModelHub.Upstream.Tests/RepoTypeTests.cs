using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

/// <summary>A dataset is asked for at the Hub's dataset addresses, and never shares a cache entry with a model of the same id.</summary>
public class RepoTypeTests
{
    private const string ModelCommit = "0123456789abcdef0123456789abcdef01234567";
    private const string DatasetCommit = "89abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task When_a_dataset_is_read_Should_ask_the_dataset_routes_of_the_hub()
    {
        await using var hub = await StubHub.StartAsync(AnswerByType);
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);
        var dataset = HubRepo.Dataset("org/name");

        var info = await host.Client.GetRepoInfoAsync(dataset, "main", CancellationToken.None);
        var tree = await host.Client.ListTreeAsync(dataset, info.Sha, CancellationToken.None).ToListAsync();
        await using (var download = await host.Client.DownloadAsync(dataset, info.Sha, "data/train.parquet", 0, CancellationToken.None))
        {
            download.Commit.ShouldBe(DatasetCommit);
        }

        info.Sha.ShouldBe(DatasetCommit);
        tree.Single().Path.ShouldBe("data/train.parquet");
        hub.Requests.Select(r => r.RawTarget.Split('?')[0]).ShouldBe([
            "/api/datasets/org/name/revision/main",
            $"/api/datasets/org/name/tree/{DatasetCommit}",
            $"/datasets/org/name/resolve/{DatasetCommit}/data/train.parquet",
        ]);
    }

    [Fact]
    public async Task When_a_model_and_a_dataset_share_an_id_Should_cache_and_forget_them_apart()
    {
        await using var hub = await StubHub.StartAsync(AnswerByType);
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var model = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        var dataset = await host.Client.GetRepoInfoAsync(HubRepo.Dataset("org/name"), "main", CancellationToken.None);
        await host.Services.GetRequiredService<HubMetadataCache>().ForgetAsync(HubRepo.Dataset("org/name"), CancellationToken.None);
        var modelAgain = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        var datasetAgain = await host.Client.GetRepoInfoAsync(HubRepo.Dataset("org/name"), "main", CancellationToken.None);

        (model.Sha, dataset.Sha, modelAgain.Sha, datasetAgain.Sha).ShouldBe((ModelCommit, DatasetCommit, ModelCommit, DatasetCommit));
        hub.Requests.Select(r => r.RawTarget).ShouldBe([
            "/api/models/org/name/revision/main",
            "/api/datasets/org/name/revision/main",
            "/api/datasets/org/name/revision/main",
        ], "the model's info stays cached when the dataset's is forgotten");
    }

    [Fact]
    public void When_a_repository_is_named_Should_read_as_the_hub_addresses_it()
    {
        HubRepo.Model("org/name").ToString().ShouldBe("org/name");
        HubRepo.Dataset("org/name").ToString().ShouldBe("datasets/org/name");
        HubRepo.Dataset("squad").ToString().ShouldBe("datasets/squad");
    }

    /// <summary>A model and a dataset called <c>org/name</c>, with different commits.</summary>
    private static Task AnswerByType(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        if (path.StartsWith("/api/models/", StringComparison.Ordinal))
        {
            return Respond.Json(context, Respond.RepoInfo("org/name", ModelCommit));
        }

        if (path.StartsWith("/api/datasets/org/name/revision/", StringComparison.Ordinal))
        {
            return Respond.Json(context, Respond.RepoInfo("org/name", DatasetCommit));
        }

        if (path.StartsWith("/api/datasets/org/name/tree/", StringComparison.Ordinal))
        {
            return Respond.Json(context, """[{"type":"file","path":"data/train.parquet","size":4,"oid":"b1"}]""");
        }

        if (path.StartsWith("/datasets/org/name/resolve/", StringComparison.Ordinal))
        {
            context.Response.Headers["X-Repo-Commit"] = DatasetCommit;
            context.Response.ContentLength = 4;
            return context.Response.Body.WriteAsync("PAR1"u8.ToArray()).AsTask();
        }

        return Respond.Error(context, StatusCodes.Status404NotFound, "RepoNotFound");
    }
}
