using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// The small shipped datasets: the gated one, the dataset half of <see cref="ShippedRepos.SharedName"/>,
/// the current home of the legacy <c>squad</c>, and one whose id has no namespace.
/// </summary>
internal static class SmallDatasetRepos
{
    public static IEnumerable<ShippedRepo> Create(SimulatorOptions options) =>
    [
        new(RepoType.Dataset, ShippedRepos.GatedDataset, () => Gated(options)),
        new(RepoType.Dataset, ShippedRepos.SharedName, () => SharedName(options)),
        new(RepoType.Dataset, ShippedRepos.Squad, () => Squad(options)),
        new(RepoType.Dataset, ShippedRepos.NoNamespaceDataset, () => NoNamespace(options)),
    ];

    private static SimRepo Gated(SimulatorOptions options)
    {
        var metadata = new JsonObject
        {
            ["license"] = "other",
            ["task_categories"] = new JsonArray("text-generation"),
            ["language"] = new JsonArray("en"),
            ["extra_gated_prompt"] = "You agree to use this dataset for research only.",
            ["extra_gated_fields"] = new JsonObject { ["Affiliation"] = "text", ["I agree to the terms"] = "checkbox" },
            ["configs"] = new JsonArray(new JsonObject
            {
                ["config_name"] = "default",
                ["data_files"] = new JsonArray(new JsonObject { ["split"] = "train", ["path"] = "data/train-*" }),
            }),
        };
        return Dataset(options, ShippedRepos.GatedDataset, metadata, new DateTimeOffset(2024, 10, 2, 8, 0, 0, TimeSpan.Zero), b => b
            .Text(".gitattributes", DatasetGitAttributes.Default)
            .Text("README.md", DatasetCard.Readme(metadata, "# Gated dataset\n\nAsk for access first.\n"))
            .Generated("data/train-00000-of-00001.parquet", (512 * 1024) + 7)
            .Text("data/LICENSE.txt", "Research use only.\n"), GateMode.Manual);
    }

    // Shares its id with a model; every file differs, README.md and data/ included.
    private static SimRepo SharedName(SimulatorOptions options)
    {
        var metadata = new JsonObject { ["license"] = "mit", ["task_categories"] = new JsonArray("text-classification"), ["language"] = new JsonArray("en") };
        return Dataset(options, ShippedRepos.SharedName, metadata, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), b => b
            .Text(".gitattributes", DatasetGitAttributes.Default)
            .Text("README.md", DatasetCard.Readme(metadata, "# Shared name (the dataset)\n\nA model has the same id.\n"))
            .Text("data/train.csv", "text,label\nthe dataset's first row,1\nits second row,0\n")
            .Generated("data/train.parquet", (96 * 1024) + 1));
    }

    private static SimRepo Squad(SimulatorOptions options)
    {
        var metadata = new JsonObject
        {
            ["annotations_creators"] = new JsonArray("crowdsourced"),
            ["language"] = new JsonArray("en"),
            ["license"] = "cc-by-sa-4.0",
            ["size_categories"] = new JsonArray("10K<n<100K"),
            ["task_categories"] = new JsonArray("question-answering"),
            ["task_ids"] = new JsonArray("extractive-qa"),
            ["paperswithcode_id"] = "squad",
            ["pretty_name"] = "SQuAD",
            ["configs"] = new JsonArray(new JsonObject
            {
                ["config_name"] = "plain_text",
                ["data_files"] = new JsonArray(
                    new JsonObject { ["split"] = "train", ["path"] = "plain_text/train-*" },
                    new JsonObject { ["split"] = "validation", ["path"] = "plain_text/validation-*" }),
                ["default"] = true,
            }),
        };
        return Dataset(options, ShippedRepos.Squad, metadata, new DateTimeOffset(2022, 3, 2, 23, 29, 22, TimeSpan.Zero), b => b
            .Text(".gitattributes", DatasetGitAttributes.Default)
            .Text("README.md", DatasetCard.Readme(metadata, "# Dataset Card for SQuAD (simulated)\n\nQuestions about passages; the answer is a span of the passage.\n"))
            .Generated("plain_text/train-00000-of-00001.parquet", (384 * 1024) + 11)
            .Generated("plain_text/validation-00000-of-00001.parquet", (64 * 1024) + 5));
    }

    private static SimRepo NoNamespace(SimulatorOptions options)
    {
        var metadata = new JsonObject { ["license"] = "apache-2.0", ["task_categories"] = new JsonArray("question-answering") };
        var text = new TextGenerator(GitObjects.Seed(options.Seed, ShippedRepos.NoNamespaceDataset));
        return Dataset(options, ShippedRepos.NoNamespaceDataset, metadata, new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero), b => b
            .Text("README.md", DatasetCard.Readme(metadata, "# simqa\n\nAn id without a namespace, served as it is.\n"))
            .Text("data/train.jsonl", $"{{\"question\": \"{text.Sentence()}\", \"answer\": \"{text.Sentence(2, 4)}\"}}\n")
            .Text("data/validation.jsonl", $"{{\"question\": \"{text.Sentence()}\", \"answer\": \"{text.Sentence(2, 4)}\"}}\n"));
    }

    private static SimRepo Dataset(
        SimulatorOptions options, string id, JsonObject metadata, DateTimeOffset createdAt, Action<CommitBuilder> files, GateMode gate = GateMode.None) =>
        new(id, options.Seed, createdAt, files, null, RepoType.Dataset)
        {
            CardData = metadata,
            Gated = gate,
            Tags = DatasetCard.Tags(metadata, "format:parquet", "library:datasets"),
        };
}
