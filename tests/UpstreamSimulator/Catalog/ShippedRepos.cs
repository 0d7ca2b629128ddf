using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>The repositories every simulator starts with (models unless said otherwise), and the renamed ids.</summary>
public static class ShippedRepos
{
    /// <summary>Shaped like the real one: 42 files, nested folders, LFS weights, configs, a README, a <c>refs/pr/1</c>.</summary>
    public const string Wan = "Wan-AI/Wan2.1-T2V-1.3B";

    /// <summary>10,000 small files (every 500th an LFS blob) under <c>data/shard-NN/group-N/</c>.</summary>
    public const string ManyFiles = "sim/ten-thousand-files";

    /// <summary>
    /// <see cref="ManyFiles"/>' shape with other bytes, for what needs a 10,000-file repository nobody has synced beside
    /// one that is (<c>./hub bench sync</c> asks it for one file cold).
    /// </summary>
    public const string ManyFilesUnsynced = "sim/ten-thousand-files-unsynced";

    /// <summary>Gated (<c>manual</c>): downloads need the simulator's token.</summary>
    public const string Gated = "sim/gated-model";

    /// <summary>Its <c>main</c> moves to a new commit on <see cref="SimRepo.Advance"/>.</summary>
    public const string MovingMain = "sim/moving-main";

    /// <summary>Files whose paths a mirror must refuse (<see cref="HostilePathList"/>), beside ordinary ones.</summary>
    public const string HostilePaths = "sim/hostile-paths";

    /// <summary>
    /// Two LFS weights of <see cref="SimulatorOptions.LargeFileBytes"/> each, with different content
    /// (<see cref="LargeFileNames"/>), for download benchmarks: one fetched at full speed, one throttled.
    /// </summary>
    public const string LargeFile = "sim/large-file";

    public static IReadOnlyList<string> LargeFileNames { get; } = ["cold.safetensors", "throttled.safetensors"];

    /// <summary>
    /// <see cref="HerdFileCount"/> LFS weights of <see cref="SimulatorOptions.LargeFileBytes"/> each, with different content
    /// (<c>herd-1.safetensors</c>, …), for serving benchmarks whose every run needs a file ModelHub has not stored yet.
    /// </summary>
    public const string Herd = "sim/herd";

    public const int HerdFileCount = 3;

    /// <summary>
    /// <see cref="ShardCount"/> LFS shards of <see cref="SimulatorOptions.ShardBytes"/> each (4 MiB), with different
    /// content, for serving benchmarks: small enough that a sync stores them all.
    /// </summary>
    public const string Shards = "sim/shards";

    public const int ShardCount = 8;

    /// <summary>
    /// <see cref="SimulatorOptions.ManyWeightsCount"/> LFS files under <c>weights/</c> (every 50th a copy of the one
    /// before it), for tests that keep hundreds of downloads in flight.
    /// </summary>
    public const string ManyWeights = "sim/many-weights";

    /// <summary>
    /// A dataset shaped like a converted one: a card whose YAML header declares features, splits and
    /// configs, <c>*.parquet</c> stored with LFS, three train shards of
    /// <see cref="SimulatorOptions.ParquetShardBytes"/> (<c>data/train-0000N-of-00003.parquet</c>) and
    /// <c>data/test-00000-of-00001.parquet</c>, each opening and ending with <c>PAR1</c>.
    /// </summary>
    public const string ParquetDataset = "sim/parquet-reviews";

    /// <summary>
    /// A dataset of <see cref="SimulatorOptions.ImageFolderFileCount"/> small LFS images (100,000 by
    /// default) in <c>train/&lt;class&gt;/&lt;nnnnn&gt;.jpg</c> and a <c>train/metadata.csv</c>: a tree of
    /// over a hundred pages. Built on first use.
    /// </summary>
    public const string ImageFolderDataset = "sim/image-folder";

    /// <summary>A gated (<c>manual</c>) dataset: downloads need the simulator's token.</summary>
    public const string GatedDataset = "sim/gated-dataset";

    /// <summary>A model and a dataset with this id: two repositories whose files all differ.</summary>
    public const string SharedName = "sim/shared-name";

    /// <summary>The model the legacy id <see cref="LegacyGpt2"/> was moved to.</summary>
    public const string Gpt2 = "openai-community/gpt2";

    /// <summary>
    /// A legacy model id: like huggingface.co today, every route answers a 307 with a relative
    /// <c>Location</c> to <see cref="Gpt2"/>. A repository added with exactly this id is served instead.
    /// </summary>
    public const string LegacyGpt2 = "gpt2";

    /// <summary>The dataset the legacy id <see cref="LegacySquad"/> was moved to.</summary>
    public const string Squad = "rajpurkar/squad";

    /// <summary>A legacy dataset id: every dataset route answers a 307 to <see cref="Squad"/>.</summary>
    public const string LegacySquad = "squad";

    /// <summary>A model whose id has no namespace and is its current name: served directly.</summary>
    public const string NoNamespaceModel = "simgpt";

    /// <summary>A dataset whose id has no namespace and is its current name: served directly.</summary>
    public const string NoNamespaceDataset = "simqa";

    public static IReadOnlyList<string> HostilePathList { get; } = ["../x", "/abs", "a\\b", "a/../../b", "nul\0byte.txt"];

    /// <summary>The ids that answer a 307 to another (each also in any other case), as <see cref="RepoCatalog.Rename"/> records them.</summary>
    internal static IReadOnlyList<(RepoType Type, string OldId, string NewId)> Renames { get; } =
    [
        (RepoType.Model, LegacyGpt2, Gpt2),
        (RepoType.Dataset, LegacySquad, Squad),
    ];

    internal static IEnumerable<ShippedRepo> Create(SimulatorOptions options) =>
    [
        Model(Wan, () => WanRepo.Create(options)),
        Model(ManyFiles, () => ManyFilesRepo.Create(options)),
        Model(ManyFilesUnsynced, () => ManyFilesRepo.Create(options, ManyFilesUnsynced)),
        Model(Gated, () => GatedRepo(options)),
        Model(MovingMain, () => MovingMainRepo(options)),
        Model(HostilePaths, () => HostileRepo(options)),
        Model(LargeFile, () => LargeFileRepo(options)),
        Model(Shards, () => ShardsRepo(options)),
        Model(Herd, () => HerdRepo(options)),
        Model(ManyWeights, () => ManyWeightsRepo.Create(options)),
        .. SmallModelRepos.Create(options),
        new(RepoType.Dataset, ParquetDataset, () => ParquetDatasetRepo.Create(options)),
        new(RepoType.Dataset, ImageFolderDataset, () => ImageFolderRepo.Create(options)),
        .. SmallDatasetRepos.Create(options),
    ];

    private static ShippedRepo Model(string id, Func<SimRepo> create) => new(RepoType.Model, id, create);

    private static SimRepo GatedRepo(SimulatorOptions options) =>
        new(Gated, options.Seed, new DateTimeOffset(2024, 9, 12, 8, 0, 0, TimeSpan.Zero), b => b
            .Text("README.md", "---\nlicense: other\nextra_gated_prompt: You agree to use this model responsibly.\n---\n# Gated model\n\nAsk for access first.\n")
            .Text("config.json", "{\n  \"architectures\": [\"SimForCausalLM\"],\n  \"hidden_size\": 256,\n  \"num_hidden_layers\": 4\n}\n")
            .Text("tokenizer.json", new TextGenerator(options.Seed).TokenizerJson(2_000))
            .Generated("model.safetensors", (1024 * 1024) + 3), null)
        {
            Gated = GateMode.Manual,
            PipelineTag = "text-generation",
            LibraryName = "transformers",
            Tags = ["transformers", "safetensors", "text-generation"],
        };

    private static SimRepo MovingMainRepo(SimulatorOptions options) =>
        new(MovingMain, options.Seed, new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), b => b
            .Text("README.md", "# Moving main\n\nEvery advance makes a new commit on main.\n")
            .Text("config.json", Config(0))
            .Text("notes/history.md", "# History\n\n- revision 0\n")
            .Generated("model.safetensors", (256 * 1024) + 5), Evolve)
        {
            PipelineTag = "text-generation",
            LibraryName = "transformers",
            Tags = ["transformers", "safetensors"],
        };

    // Each advance changes the config and the weights, appends to the history and adds a note; the README stays.
    private static void Evolve(CommitBuilder b) => b
        .Text("config.json", Config(b.Generation))
        .Generated("model.safetensors", (256 * 1024) + 5 + b.Generation)
        .Text("notes/history.md", "# History\n\n" + string.Concat(Enumerable.Range(0, b.Generation + 1).Select(i => $"- revision {i}\n")))
        .Text($"notes/step-{b.Generation}.md", $"# Step {b.Generation}\n");

    private static string Config(int revision) =>
        $"{{\n  \"architectures\": [\"SimForCausalLM\"],\n  \"revision\": {revision},\n  \"hidden_size\": 128\n}}\n";

    private static SimRepo HostileRepo(SimulatorOptions options) =>
        new(HostilePaths, options.Seed, new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), b =>
        {
            b.Text("README.md", "# Hostile paths\n\nA mirror must not write these files anywhere.\n")
                .Text("config.json", "{\n  \"model_type\": \"hostile\"\n}\n")
                .Text("ok/fine.txt", "An ordinary file beside the hostile ones.\n");
            foreach (var path in HostilePathList)
            {
                b.Text(path, $"This file's path is {path.Replace("\0", "\\0", StringComparison.Ordinal)}.\n");
            }
        }, null)
        {
            Tags = ["hostile"],
        };

    private static SimRepo LargeFileRepo(SimulatorOptions options) =>
        new(LargeFile, options.Seed, new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero), b =>
        {
            b.Text(".gitattributes", "*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
                .Text("README.md", $"# Large files\n\nTwo weights of {options.LargeFileBytes} bytes each.\n")
                .Text("config.json", "{\n  \"architectures\": [\"SimForCausalLM\"],\n  \"hidden_size\": 4096\n}\n");
            foreach (var name in LargeFileNames)
            {
                b.Generated(name, options.LargeFileBytes);
            }
        }, null)
        {
            PipelineTag = "text-generation",
            LibraryName = "transformers",
            Tags = ["transformers", "safetensors", "large-files"],
        };

    private static SimRepo HerdRepo(SimulatorOptions options) =>
        new(Herd, options.Seed, new DateTimeOffset(2025, 5, 2, 0, 0, 0, TimeSpan.Zero), b =>
        {
            b.Text(".gitattributes", "*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
                .Text("README.md", $"# Herd\n\n{HerdFileCount} weights of {options.LargeFileBytes} bytes each.\n");
            for (var i = 1; i <= HerdFileCount; i++)
            {
                b.Generated($"herd-{i}.safetensors", options.LargeFileBytes);
            }
        }, null)
        {
            PipelineTag = "text-generation",
            LibraryName = "transformers",
            Tags = ["transformers", "safetensors"],
        };

    private static SimRepo ShardsRepo(SimulatorOptions options) =>
        new(Shards, options.Seed, new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), b =>
        {
            b.Text(".gitattributes", "*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
                .Text("README.md", $"# Shards\n\n{ShardCount} shards of {options.ShardBytes} bytes each.\n");
            for (var i = 1; i <= ShardCount; i++)
            {
                b.Generated($"model-{i:D5}-of-{ShardCount:D5}.safetensors", options.ShardBytes);
            }
        }, null)
        {
            PipelineTag = "text-generation",
            LibraryName = "transformers",
            Tags = ["transformers", "safetensors"],
        };
}
