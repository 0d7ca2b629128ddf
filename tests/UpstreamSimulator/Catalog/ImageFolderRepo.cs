using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// <see cref="ShippedRepos.ImageFolderDataset"/>: an image-folder dataset of
/// <see cref="SimulatorOptions.ImageFolderFileCount"/> small JPEG-framed images (300 B to 4 KB, LFS) in
/// <c>train/&lt;class&gt;/&lt;nnnnn&gt;.jpg</c> over <see cref="ClassCount"/> classes, with
/// <c>train/metadata.csv</c> listing them all. Nothing is generated until the repository is first used;
/// then each image is a seed and a size, and the CSV is written on first read.
/// </summary>
internal static class ImageFolderRepo
{
    public const int ClassCount = 100;
    public const string MetadataCsv = "train/metadata.csv";

    private static readonly string[] Shades = ["amber", "azure", "coral", "crimson", "golden", "indigo", "ivory", "jade", "olive", "silver"];
    private static readonly string[] Animals = ["badger", "crane", "falcon", "heron", "lynx", "marten", "otter", "owl", "raven", "wolf"];

    // SOI and a JFIF APP0 segment; EOI at the end.
    private static readonly byte[] JpegHead = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00];
    private static readonly byte[] JpegTail = [0xFF, 0xD9];

    public static string ClassOf(int index) => Shades[index % ClassCount / 10] + "_" + Animals[index % 10];

    public static string PathOf(int index) => $"train/{ClassOf(index)}/{index.ToString("D5", CultureInfo.InvariantCulture)}.jpg";

    public static SimRepo Create(SimulatorOptions options)
    {
        var count = options.ImageFolderFileCount;
        var seed = GitObjects.Seed(options.Seed, ShippedRepos.ImageFolderDataset, "images");
        var metadata = Card(count, Enumerable.Range(0, count).Sum(i => SizeOf(seed, i)));
        return new SimRepo(ShippedRepos.ImageFolderDataset, options.Seed, new DateTimeOffset(2025, 3, 18, 9, 0, 0, TimeSpan.Zero), b =>
        {
            b.Text(".gitattributes", DatasetGitAttributes.Default)
                .Text("README.md", DatasetCard.Readme(metadata, Body(count)))
                .Put(MetadataCsv, FileContent.Deferred(() => Csv(count, seed)), lfs: false);
            for (var i = 0; i < count; i++)
            {
                b.Put(PathOf(i), FileContent.Framed(SeededContent.Mix(seed + (ulong)i), SizeOf(seed, i), JpegHead, JpegTail), lfs: true);
            }
        }, null, RepoType.Dataset)
        {
            CardData = metadata,
            Description = $"{count} small images in {Math.Min(count, ClassCount)} class folders, generated for the upstream simulator.",
            Tags = DatasetCard.Tags(metadata, "format:imagefolder", "modality:image", "library:datasets", "library:mlcroissant"),
            Downloads = 2_911,
            Likes = 12,
        };
    }

    private static long SizeOf(ulong seed, int index) => 300 + (long)(SeededContent.Mix(seed ^ ((ulong)index << 20)) % 3_700);

    private static byte[] Csv(int count, ulong seed)
    {
        var csv = new StringBuilder("file_name,label,width,height\n", (count + 1) * 40);
        for (var i = 0; i < count; i++)
        {
            var mixed = SeededContent.Mix(seed ^ ((ulong)i << 20));
            var name = ClassOf(i);
            csv.Append(CultureInfo.InvariantCulture, $"{name}/{i:D5}.jpg,{name},{64 + (int)(mixed % 449)},{64 + (int)(mixed / 449 % 449)}\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static JsonObject Card(int count, long imageBytes)
    {
        var names = new JsonObject();
        for (var c = 0; c < Math.Min(count, ClassCount); c++)
        {
            names[c.ToString(CultureInfo.InvariantCulture)] = ClassOf(c);
        }

        return new JsonObject
        {
            ["license"] = "cc0-1.0",
            ["task_categories"] = new JsonArray("image-classification"),
            ["size_categories"] = new JsonArray(DatasetCard.SizeCategory(count)),
            ["pretty_name"] = "Simulated Image Folder",
            ["dataset_info"] = new JsonObject
            {
                ["features"] = new JsonArray(
                    new JsonObject { ["name"] = "image", ["dtype"] = "image" },
                    new JsonObject { ["name"] = "label", ["dtype"] = new JsonObject { ["class_label"] = new JsonObject { ["names"] = names } } }),
                ["splits"] = new JsonArray(new JsonObject { ["name"] = "train", ["num_bytes"] = imageBytes, ["num_examples"] = count }),
                ["download_size"] = imageBytes,
                ["dataset_size"] = imageBytes,
            },
            ["configs"] = new JsonArray(new JsonObject
            {
                ["config_name"] = "default",
                ["data_files"] = new JsonArray(new JsonObject { ["split"] = "train", ["path"] = "train/**" }),
            }),
        };
    }

    private static string Body(int count) =>
        $"# Simulated Image Folder\n\n{count} images, one folder per class under `train/`, "
        + "and `train/metadata.csv` with each image's label and dimensions.\n";
}
