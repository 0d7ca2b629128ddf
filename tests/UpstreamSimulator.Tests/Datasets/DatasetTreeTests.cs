using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Datasets;

public sealed class DatasetTreeTests(SmallDatasetsFixture sim) : IClassFixture<SmallDatasetsFixture>
{
    private const string Parquet = ShippedRepos.ParquetDataset;

    private SimCommit Main => sim.Catalog[RepoType.Dataset, Parquet].Main;

    [Fact]
    public async Task When_a_dataset_tree_is_listed_recursively_Should_give_every_file_with_lfs_on_the_parquet_shards()
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/datasets/{Parquet}/tree/main?recursive=true");

        var files = entries!.Where(e => e.GetProperty("type").GetString() == "file").ToList();
        files.Select(e => e.GetProperty("path").GetString()).ShouldBe(Main.Files.Select(f => f.Path));
        entries!.Single(e => e.GetProperty("type").GetString() == "directory").GetProperty("path").GetString().ShouldBe("data");
        foreach (var entry in files)
        {
            var file = Main.File(entry.GetProperty("path").GetString()!);
            entry.GetProperty("size").GetInt64().ShouldBe(file.Size);
            entry.GetProperty("oid").GetString().ShouldBe(file.GitOid);
            entry.TryGetProperty("lfs", out var lfs).ShouldBe(file.Path.EndsWith(".parquet", StringComparison.Ordinal));
            if (file.IsLfs)
            {
                lfs.GetProperty("oid").GetString().ShouldBe(file.Sha256);
                lfs.GetProperty("size").GetInt64().ShouldBe(file.Size);
            }
        }
    }

    [Theory]
    [InlineData("data")]
    [InlineData("data%2F")]
    public async Task When_a_dataset_sub_folder_is_listed_Should_list_only_its_shards(string folder)
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/datasets/{Parquet}/tree/main/{folder}");

        entries!.Select(e => e.GetProperty("path").GetString()).ShouldBe(
            ["data/test-00000-of-00001.parquet", "data/train-00000-of-00003.parquet", "data/train-00001-of-00003.parquet", "data/train-00002-of-00003.parquet"]);
    }

    [Fact]
    public async Task When_expand_is_true_on_a_dataset_tree_Should_add_the_last_commit()
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/datasets/{Parquet}/tree/main?recursive=true&expand=true");

        entries!.ShouldAllBe(e => e.GetProperty("lastCommit").GetProperty("id").GetString() == Main.Sha);
    }

    [Fact]
    public async Task When_paths_info_is_posted_for_a_dataset_as_json_or_form_Should_answer_the_entries_that_exist()
    {
        var shard = ParquetDatasetRepo.TrainShard(1);
        var json = await sim.Http.PostAsJsonAsync($"api/datasets/{Parquet}/paths-info/main", new { paths = new[] { "README.md", shard, "nope.csv", "data" }, expand = true });
        var form = await sim.Http.PostAsync($"api/datasets/{Parquet}/paths-info/{Main.Sha}",
            new FormUrlEncodedContent([new("paths", shard), new("paths", "missing/file"), new("expand", "false")]));

        var fromJson = (await json.Content.ReadFromJsonAsync<JsonElement[]>())!;
        fromJson.Select(e => e.GetProperty("path").GetString()).ShouldBe(["README.md", shard, "data"]);
        fromJson[1].GetProperty("lfs").GetProperty("oid").GetString().ShouldBe(Main.File(shard).Sha256);
        fromJson[0].GetProperty("lastCommit").GetProperty("id").GetString().ShouldBe(Main.Sha);
        fromJson[2].GetProperty("type").GetString().ShouldBe("directory");
        var fromForm = (await form.Content.ReadFromJsonAsync<JsonElement[]>())!;
        fromForm.Single().GetProperty("oid").GetString().ShouldBe(Main.File(shard).GitOid);
        fromForm.Single().TryGetProperty("lastCommit", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task When_a_dataset_folder_is_missing_Should_answer_EntryNotFound_with_the_commit()
    {
        var response = await sim.Http.GetAsync($"api/datasets/{Parquet}/tree/main/no-such-folder");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        response.One("X-Error-Code").ShouldBe("EntryNotFound");
        response.One("X-Repo-Commit").ShouldBe(Main.Sha);
    }

    [Fact]
    public void When_the_shard_size_is_left_alone_Should_make_train_shards_of_tens_of_megabytes()
    {
        var options = new SimulatorOptions();
        var commit = new RepoCatalog(options)[RepoType.Dataset, Parquet].Main;

        options.ParquetShardBytes.ShouldBeGreaterThanOrEqualTo(10L * 1024 * 1024);
        Enumerable.Range(0, ParquetDatasetRepo.TrainShards).Select(i => commit.File(ParquetDatasetRepo.TrainShard(i)).Size)
            .ShouldAllBe(size => size >= options.ParquetShardBytes);
        commit.File(ParquetDatasetRepo.TestShard).Size.ShouldBeLessThan(options.ParquetShardBytes);
        Main.File(ParquetDatasetRepo.TrainShard(0)).Size.ShouldBe(sim.Host.Options.ParquetShardBytes);
    }
}
