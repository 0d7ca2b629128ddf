using System.Globalization;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// <see cref="ShippedRepos.ManyFiles"/> (and <see cref="ShippedRepos.ManyFilesUnsynced"/>, the same shape with other
/// bytes): a README, a .gitattributes and small items in 111 nested folders, so a recursive listing takes 11 pages of
/// 1000 (files and folders).
/// </summary>
internal static class ManyFilesRepo
{
    public static SimRepo Create(SimulatorOptions options, string id = ShippedRepos.ManyFiles) =>
        new(id, options.Seed, new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero), b => Fill(b, options, id), null)
        {
            Tags = ["dataset-like", "many-files"],
            LibraryName = "transformers",
        };

    private static void Fill(CommitBuilder b, SimulatorOptions options, string id)
    {
        b.Text("README.md", $"# Ten thousand files\n\n{options.ManyFilesCount} files in nested folders.\n")
            .Text(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n");
        for (var i = 0; i < options.ManyFilesCount - 2; i++)
        {
            var folder = $"data/shard-{(i / 1000).ToString("D2", CultureInfo.InvariantCulture)}/group-{(i / 100 % 10).ToString(CultureInfo.InvariantCulture)}";
            var name = $"item-{i.ToString("D5", CultureInfo.InvariantCulture)}";
            if (i % 500 == 499)
            {
                b.Generated($"{folder}/{name}.bin", 4_096 + i);
                continue;
            }

            var text = new TextGenerator(GitObjects.Seed(options.Seed, id, name));
            b.Text($"{folder}/{name}.txt", text.Paragraph(1 + (i % 4)) + "\n");
        }
    }
}
