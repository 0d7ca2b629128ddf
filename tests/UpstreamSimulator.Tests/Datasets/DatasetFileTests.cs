using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Tests.Datasets;

public sealed class DatasetFileTests(SmallDatasetsFixture sim) : IClassFixture<SmallDatasetsFixture>
{
    private const string Parquet = ShippedRepos.ParquetDataset;

    private static readonly string Shard = ParquetDatasetRepo.TrainShard(2);

    private SimCommit Main => sim.Catalog[RepoType.Dataset, Parquet].Main;

    [Fact]
    public async Task When_an_lfs_dataset_file_is_asked_for_with_HEAD_Should_answer_302_to_the_dataset_cdn_with_the_metadata_on_the_redirect()
    {
        var response = await sim.HeadAsync($"datasets/{Parquet}/resolve/main/{Shard}");
        var file = Main.File(Shard);

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        response.One("X-Repo-Commit").ShouldBe(Main.Sha);
        response.One("ETag").ShouldBe($"\"{file.Sha256}\"");
        response.One("X-Linked-Etag").ShouldBe($"\"{file.Sha256}\"");
        response.One("X-Linked-Size").ShouldBe(file.Size.ToString(CultureInfo.InvariantCulture));
        response.Headers.Location!.AbsolutePath.ShouldBe($"/cdn/datasets/{Parquet}/{file.Sha256}");
        response.Headers.Location.Query.ShouldContain("Signature=");
    }

    [Fact]
    public async Task When_an_lfs_dataset_file_is_downloaded_Should_give_bytes_whose_sha256_is_the_etag_and_that_open_and_end_like_parquet()
    {
        var bytes = await sim.DownloadAsync($"datasets/{Parquet}", "main", Shard);
        var probe = await sim.GetAsync((await sim.HeadAsync($"datasets/{Parquet}/resolve/main/{Shard}")).Headers.Location!.ToString(), range: "bytes=0-0");

        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(Main.File(Shard).Sha256);
        bytes.Length.ShouldBe((int)Main.File(Shard).Size);
        Encoding.ASCII.GetString(bytes[..4]).ShouldBe("PAR1");
        Encoding.ASCII.GetString(bytes[^4..]).ShouldBe("PAR1");
        BitConverter.ToInt32(bytes.AsSpan(bytes.Length - 8, 4)).ShouldBeInRange(1, bytes.Length - 12);
        probe.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        probe.One("Content-Range").ShouldBe($"bytes 0-0/{bytes.Length}");
    }

    [Fact]
    public async Task When_a_regular_dataset_file_is_asked_for_with_HEAD_and_GET_Should_serve_bytes_whose_git_blob_id_is_the_etag()
    {
        var file = Main.File("README.md");

        var head = await sim.HeadAsync($"datasets/{Parquet}/resolve/main/README.md");
        var get = await sim.GetAsync($"datasets/{Parquet}/resolve/{Main.Sha}/README.md");
        var bytes = await get.Content.ReadAsByteArrayAsync();

        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.One("X-Repo-Commit").ShouldBe(Main.Sha);
        head.One("ETag").ShouldBe($"\"{file.GitOid}\"");
        head.Content.Headers.ContentLength.ShouldBe(file.Size);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        GitObjects.BlobId(bytes).ShouldBe(file.GitOid);
        Encoding.UTF8.GetString(bytes).ShouldStartWith("---\nlicense: cc-by-4.0\n");
    }

    [Fact]
    public async Task When_raw_is_asked_for_an_lfs_dataset_file_Should_give_the_pointer_whose_blob_id_is_the_tree_oid()
    {
        var file = Main.File(Shard);

        var head = await sim.HeadAsync($"datasets/{Parquet}/raw/main/{Shard}");
        var pointer = await (await sim.GetAsync($"datasets/{Parquet}/raw/main/{Shard}")).Content.ReadAsByteArrayAsync();

        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.One("ETag").ShouldBe($"\"{file.GitOid}\"");
        head.Content.Headers.ContentLength.ShouldBe(file.PointerSize);
        Encoding.UTF8.GetString(pointer).ShouldBe(GitObjects.LfsPointer(file.Sha256, file.Size));
        GitObjects.BlobId(pointer).ShouldBe(file.GitOid);
    }

    [Fact]
    public async Task When_a_missing_dataset_file_is_asked_for_Should_answer_EntryNotFound_with_the_commit()
    {
        var response = await sim.HeadAsync($"datasets/{Parquet}/resolve/main/data/validation-00000-of-00001.parquet");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.One("X-Error-Code").ShouldBe("EntryNotFound");
        response.One("X-Repo-Commit").ShouldBe(Main.Sha);
    }

    [Fact]
    public async Task When_a_gated_dataset_file_is_downloaded_Should_need_the_token_while_its_metadata_stays_readable()
    {
        const string Gated = ShippedRepos.GatedDataset;
        var url = $"datasets/{Gated}/resolve/main/data/LICENSE.txt";

        var anonymous = await sim.GetAsync(url);
        var wrong = await sim.GetAsync(url, token: "hf_not_the_token");
        var right = await sim.GetAsync(url, token: sim.Host.Options.Token);
        var lfs = await sim.GetAsync($"datasets/{Gated}/resolve/main/data/train-00000-of-00001.parquet", token: sim.Host.Options.Token);
        var info = await sim.GetJsonAsync($"api/datasets/{Gated}");

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.One("X-Error-Code").ShouldBe("GatedRepo");
        anonymous.One("X-Error-Message")!.ShouldContain($"dataset {Gated}");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        wrong.One("X-Error-Code").ShouldBe("GatedRepo");
        wrong.One("X-Error-Message")!.ShouldContain($"https://huggingface.co/datasets/{Gated}");
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).ShouldBe("Research use only.\n");
        lfs.StatusCode.ShouldBe(HttpStatusCode.Found);
        info.GetProperty("gated").GetString().ShouldBe("manual");
        info.GetProperty("cardData").GetProperty("extra_gated_prompt").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task When_a_dataset_file_has_a_fault_Should_hit_the_dataset_and_not_the_model_with_the_same_id()
    {
        const string Shared = ShippedRepos.SharedName;
        sim.Catalog[RepoType.Dataset, Shared].FileFaults("README.md").ServerErrors = 1;

        var model = await sim.GetAsync($"{Shared}/resolve/main/README.md");
        var failed = await sim.GetAsync($"datasets/{Shared}/resolve/main/README.md");
        var served = await sim.GetAsync($"datasets/{Shared}/resolve/main/README.md");

        model.StatusCode.ShouldBe(HttpStatusCode.OK);
        failed.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_a_dataset_is_rate_limited_Should_answer_429_on_its_api_and_files()
    {
        const string Squad = ShippedRepos.Squad;
        sim.Catalog[RepoType.Dataset, Squad].Faults.RateLimited = 2;

        var api = await sim.GetAsync($"api/datasets/{Squad}/tree/main");
        var file = await sim.GetAsync($"datasets/{Squad}/resolve/main/README.md");
        var after = await sim.GetAsync($"api/datasets/{Squad}/tree/main");

        api.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        api.One("RateLimit")!.ShouldStartWith("\"api\"");
        file.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        file.One("RateLimit")!.ShouldStartWith("\"resolvers\"");
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_dataset_requests_are_logged_Should_say_they_were_for_a_dataset()
    {
        const string Shared = ShippedRepos.SharedName;
        var log = sim.Catalog.Requests;
        var datasetBefore = log.CountFor(RepoType.Dataset, Shared, "resolve");
        var modelBefore = log.CountFor(Shared, "resolve");

        await sim.DownloadAsync($"datasets/{Shared}", "main", "data/train.parquet");

        log.CountFor(RepoType.Dataset, Shared, "resolve").ShouldBe(datasetBefore + 1);
        log.CountFor(Shared, "resolve").ShouldBe(modelBefore);
        var cdn = log.Snapshot().Last(r => r.Kind == "cdn");
        cdn.RepoType.ShouldBe(RepoType.Dataset);
        cdn.RepoId.ShouldBe(Shared);
    }
}
