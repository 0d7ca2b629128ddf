using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Datasets;

public sealed class DatasetInfoTests(SmallDatasetsFixture sim) : IClassFixture<SmallDatasetsFixture>
{
    private const string Parquet = ShippedRepos.ParquetDataset;

    private SimRepo Repo => sim.Catalog[RepoType.Dataset, Parquet];

    [Fact]
    public async Task When_dataset_info_is_asked_for_Should_carry_the_fields_the_hub_gives_datasets()
    {
        var info = await sim.GetJsonAsync($"api/datasets/{Parquet}");
        var main = Repo.Main;

        info.GetProperty("id").GetString().ShouldBe(Parquet);
        info.GetProperty("_id").GetString()!.Length.ShouldBe(24);
        info.GetProperty("author").GetString().ShouldBe("sim");
        info.GetProperty("sha").GetString().ShouldBe(main.Sha);
        info.GetProperty("lastModified").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        info.GetProperty("createdAt").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        info.GetProperty("private").GetBoolean().ShouldBeFalse();
        info.GetProperty("gated").GetBoolean().ShouldBeFalse();
        info.GetProperty("disabled").GetBoolean().ShouldBeFalse();
        info.GetProperty("downloads").GetInt64().ShouldBeGreaterThan(0);
        info.GetProperty("likes").GetInt64().ShouldBeGreaterThan(0);
        info.GetProperty("usedStorage").GetInt64().ShouldBe(main.TotalBytes);
        info.GetProperty("description").GetString().ShouldNotBeNullOrEmpty();
        info.GetProperty("citation").GetString()!.ShouldStartWith("@misc{");
        info.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(
            ["task_categories:text-classification", "language:en", "license:cc-by-4.0", "size_categories:1K<n<10K",
             "format:parquet", "modality:text", "library:datasets", "library:pandas", "library:polars", "region:us"]);
        info.GetProperty("cardData").GetProperty("license").GetString().ShouldBe("cc-by-4.0");
        info.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString())
            .ShouldBe([".gitattributes", "README.md", "data/test-00000-of-00001.parquet", "data/train-00000-of-00003.parquet",
                "data/train-00001-of-00003.parquet", "data/train-00002-of-00003.parquet"]);
        info.TryGetProperty("modelId", out _).ShouldBeFalse();
        info.TryGetProperty("pipeline_tag", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task When_a_revision_is_given_Should_describe_that_commit_of_the_dataset()
    {
        var repo = sim.Catalog.AddRepo(RepoType.Dataset, "sim/evolving-dataset", b => b.Text("data/a.csv", "x\n1\n"));
        var first = repo.Main;
        var second = repo.Advance(b => b.Text("data/b.csv", "x\n2\n"));

        var old = await sim.GetJsonAsync($"api/datasets/sim/evolving-dataset/revision/{first.Sha}");
        var main = await sim.GetJsonAsync("api/datasets/sim/evolving-dataset/revision/main");
        var head = await sim.GetJsonAsync("api/datasets/sim/evolving-dataset/revision/HEAD");

        old.GetProperty("sha").GetString().ShouldBe(first.Sha);
        old.GetProperty("siblings").GetArrayLength().ShouldBe(1);
        main.GetProperty("sha").GetString().ShouldBe(second.Sha);
        main.GetProperty("siblings").GetArrayLength().ShouldBe(2);
        head.GetProperty("sha").GetString().ShouldBe(second.Sha);
    }

    [Fact]
    public async Task When_blobs_is_true_Should_add_size_blob_id_and_lfs_to_each_dataset_sibling()
    {
        var info = await sim.GetJsonAsync($"api/datasets/{Parquet}/revision/main?blobs=true");
        var main = Repo.Main;

        var siblings = info.GetProperty("siblings").EnumerateArray().ToList();
        siblings.Count.ShouldBe(main.Files.Count);
        foreach (var sibling in siblings)
        {
            var file = main.File(sibling.GetProperty("rfilename").GetString()!);
            sibling.GetProperty("size").GetInt64().ShouldBe(file.Size);
            sibling.GetProperty("blobId").GetString().ShouldBe(file.GitOid);
            sibling.TryGetProperty("lfs", out var lfs).ShouldBe(file.Path.EndsWith(".parquet", StringComparison.Ordinal));
            if (file.IsLfs)
            {
                lfs.GetProperty("sha256").GetString().ShouldBe(file.Sha256);
                lfs.GetProperty("pointerSize").GetInt32().ShouldBe(file.PointerSize!.Value);
            }
        }
    }

    [Theory]
    [InlineData("expand=sha&expand=usedStorage")]
    [InlineData("expand[]=sha&expand[]=usedStorage")]
    public async Task When_expand_is_given_Should_return_only_the_dataset_fields_asked_for(string query)
    {
        var info = await sim.GetJsonAsync($"api/datasets/{Parquet}/revision/main?{query}");

        info.EnumerateObject().Select(p => p.Name).ShouldBe(["_id", "id", "sha", "usedStorage"], ignoreOrder: true);
    }

    [Fact]
    public async Task When_the_card_is_read_Should_have_a_yaml_header_saying_what_cardData_says()
    {
        var info = await sim.GetJsonAsync($"api/datasets/{Parquet}");
        var readme = await (await sim.GetAsync($"datasets/{Parquet}/resolve/main/README.md")).Content.ReadAsStringAsync();

        readme.ShouldStartWith("---\n");
        var header = readme[4..readme.IndexOf("\n---\n", StringComparison.Ordinal)].Split('\n');
        var card = info.GetProperty("cardData");
        header.ShouldContain($"license: {card.GetProperty("license").GetString()}");
        header.ShouldContain($"pretty_name: {card.GetProperty("pretty_name").GetString()}");
        header.ShouldContain("task_categories:");
        header.ShouldContain("- text-classification");
        header.ShouldContain("configs:");
        header.ShouldContain("- config_name: default");
        header.ShouldContain("  - split: train");
        header.ShouldContain("    path: data/train-*");
        header.ShouldContain("          '0': negative");
        var splits = card.GetProperty("dataset_info").GetProperty("splits").EnumerateArray().ToList();
        splits.Select(s => s.GetProperty("name").GetString()).ShouldBe(["train", "test"]);
        header.ShouldContain($"    num_examples: {splits[0].GetProperty("num_examples").GetInt64()}");
        card.GetProperty("configs")[0].GetProperty("data_files")[1].GetProperty("path").GetString().ShouldBe("data/test-*");
        card.GetProperty("dataset_info").GetProperty("features")[1].GetProperty("dtype").GetProperty("class_label")
            .GetProperty("names").GetProperty("1").GetString().ShouldBe("positive");
    }

    [Fact]
    public async Task When_a_dataset_has_a_paperswithcode_id_in_its_card_Should_report_it()
    {
        var info = await sim.GetJsonAsync($"api/datasets/{ShippedRepos.Squad}");

        info.GetProperty("paperswithcode_id").GetString().ShouldBe("squad");
        info.GetProperty("cardData").GetProperty("configs")[0].GetProperty("default").GetBoolean().ShouldBeTrue();
        (await sim.GetJsonAsync($"api/datasets/{Parquet}")).GetProperty("paperswithcode_id").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
