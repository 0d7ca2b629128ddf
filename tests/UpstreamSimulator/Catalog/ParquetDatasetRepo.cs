using System.Buffers.Binary;
using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// <see cref="ShippedRepos.ParquetDataset"/>, shaped like a dataset converted by the Hub: a card whose
/// header declares the features, splits and configs, a <c>.gitattributes</c> that stores
/// <c>*.parquet</c> with LFS, three train shards of <see cref="SimulatorOptions.ParquetShardBytes"/>
/// and a test shard under <c>data/</c>. The shards are generated, not real parquet, but open and end
/// with its <c>PAR1</c> magic (the footer length before the last one).
/// </summary>
internal static class ParquetDatasetRepo
{
    public const int TrainShards = 3;
    public const string TestShard = "data/test-00000-of-00001.parquet";

    // A parquet row of this simulated dataset takes about this many bytes: what num_examples is derived from.
    private const int BytesPerRow = 420;

    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    public static string TrainShard(int index) => $"data/train-{index:D5}-of-{TrainShards:D5}.parquet";

    public static SimRepo Create(SimulatorOptions options)
    {
        var shardBytes = Math.Max(64, options.ParquetShardBytes);
        var trainSizes = Enumerable.Range(0, TrainShards).Select(i => shardBytes + (i * 4_099L)).ToArray();
        var testSize = Math.Max(64, shardBytes / 4) + 17;
        var metadata = Card(trainSizes.Sum(), testSize);
        return new SimRepo(ShippedRepos.ParquetDataset, options.Seed, new DateTimeOffset(2024, 11, 4, 16, 20, 0, TimeSpan.Zero), b =>
        {
            b.Text(".gitattributes", DatasetGitAttributes.Default)
                .Text("README.md", DatasetCard.Readme(metadata, Body));
            for (var i = 0; i < TrainShards; i++)
            {
                b.Put(TrainShard(i), Parquet(options.Seed, TrainShard(i), trainSizes[i]), lfs: true);
            }

            b.Put(TestShard, Parquet(options.Seed, TestShard, testSize), lfs: true);
        }, null, RepoType.Dataset)
        {
            CardData = metadata,
            Description = "Short product reviews labelled positive or negative, generated for the upstream simulator.",
            Citation = "@misc{sim_reviews,\n  title = {Simulated Reviews},\n  year = {2024}\n}",
            Tags = DatasetCard.Tags(metadata, "format:parquet", "modality:text", "library:datasets", "library:pandas", "library:polars"),
            Downloads = 18_204,
            Likes = 93,
        };
    }

    private static FileContent Parquet(ulong seed, string path, long size)
    {
        var tail = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(tail, (int)Math.Min(size - 12, 2_048 + (size % 1_000)));
        Magic.CopyTo(tail, 4);
        return FileContent.Framed(GitObjects.Seed(seed, ShippedRepos.ParquetDataset, path), size, Magic, tail);
    }

    private static JsonObject Card(long trainBytes, long testBytes) => new()
    {
        ["license"] = "cc-by-4.0",
        ["task_categories"] = new JsonArray("text-classification"),
        ["task_ids"] = new JsonArray("sentiment-classification"),
        ["language"] = new JsonArray("en"),
        ["size_categories"] = new JsonArray(DatasetCard.SizeCategory(trainBytes / BytesPerRow)),
        ["pretty_name"] = "Simulated Reviews",
        ["dataset_info"] = new JsonObject
        {
            ["features"] = new JsonArray(
                new JsonObject { ["name"] = "text", ["dtype"] = "string" },
                new JsonObject
                {
                    ["name"] = "label",
                    ["dtype"] = new JsonObject
                    {
                        ["class_label"] = new JsonObject { ["names"] = new JsonObject { ["0"] = "negative", ["1"] = "positive" } },
                    },
                }),
            ["splits"] = new JsonArray(Split("train", trainBytes), Split("test", testBytes)),
            ["download_size"] = trainBytes + testBytes,
            ["dataset_size"] = (trainBytes + testBytes) * 2,
        },
        ["configs"] = new JsonArray(new JsonObject
        {
            ["config_name"] = "default",
            ["data_files"] = new JsonArray(
                new JsonObject { ["split"] = "train", ["path"] = "data/train-*" },
                new JsonObject { ["split"] = "test", ["path"] = "data/test-*" }),
        }),
    };

    private static JsonObject Split(string name, long bytes) => new()
    {
        ["name"] = name,
        ["num_bytes"] = bytes * 2,
        ["num_examples"] = bytes / BytesPerRow,
    };

    private const string Body =
        "# Dataset Card for Simulated Reviews\n\nShort product reviews, each labelled `negative` or `positive`.\n\n"
        + "## Dataset Structure\n\n- `text`: the review\n- `label`: 0 (negative) or 1 (positive)\n\n"
        + "The train split has three parquet shards, the test split one.\n";
}
