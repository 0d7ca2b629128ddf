using System.Globalization;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// <see cref="ShippedRepos.ManyWeights"/>: <see cref="SimulatorOptions.ManyWeightsCount"/> LFS files of
/// <see cref="SimulatorOptions.ManyWeightsBytes"/> each under <c>weights/</c>, for tests that keep hundreds of
/// downloads in flight. Every <see cref="RepeatEvery"/>th file repeats the bytes of the one before it (real
/// repositories hold such copies), so a mirror that downloads them all must store those bytes once.
/// </summary>
internal static class ManyWeightsRepo
{
    public const int RepeatEvery = 50;

    public static SimRepo Create(SimulatorOptions options) =>
        new(ShippedRepos.ManyWeights, options.Seed, new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero), b => Fill(b, options), null)
        {
            Tags = ["safetensors", "many-files"],
            LibraryName = "transformers",
        };

    public static string PathOf(int index) => $"weights/part-{index.ToString("D5", CultureInfo.InvariantCulture)}.bin";

    private static void Fill(CommitBuilder b, SimulatorOptions options)
    {
        b.Text(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
            .Text("README.md", $"# Many weights\n\n{options.ManyWeightsCount} files of {options.ManyWeightsBytes} bytes each.\n");
        FileContent? previous = null;
        for (var i = 1; i <= options.ManyWeightsCount; i++)
        {
            var content = previous is not null && i % RepeatEvery == 0
                ? previous
                : FileContent.Generated(GitObjects.Seed(options.Seed, ShippedRepos.ManyWeights, PathOf(i)), options.ManyWeightsBytes);
            b.Put(PathOf(i), content, lfs: true);
            previous = content;
        }
    }
}
