using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// The small shipped models about ids: the current home of the legacy <c>gpt2</c>, one whose id has no
/// namespace, and the model half of <see cref="ShippedRepos.SharedName"/>.
/// </summary>
internal static class SmallModelRepos
{
    public static IEnumerable<ShippedRepo> Create(SimulatorOptions options) =>
    [
        new(RepoType.Model, ShippedRepos.Gpt2, () => Gpt2(options)),
        new(RepoType.Model, ShippedRepos.NoNamespaceModel, () => NoNamespace(options)),
        new(RepoType.Model, ShippedRepos.SharedName, () => SharedName(options)),
    ];

    private static SimRepo Gpt2(SimulatorOptions options)
    {
        var text = new TextGenerator(GitObjects.Seed(options.Seed, ShippedRepos.Gpt2));
        return new SimRepo(ShippedRepos.Gpt2, options.Seed, new DateTimeOffset(2022, 3, 2, 23, 29, 4, TimeSpan.Zero), b => b
            .Text(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
            .Text("README.md", "---\nlanguage: en\nlicense: mit\ntags:\n- exbert\n---\n# GPT-2 (simulated)\n\n" + text.Paragraph(3) + "\n")
            .Text("config.json", "{\n  \"architectures\": [\"GPT2LMHeadModel\"],\n  \"model_type\": \"gpt2\",\n  \"n_ctx\": 1024,\n  \"n_embd\": 768,\n  \"n_layer\": 12,\n  \"vocab_size\": 50257\n}\n")
            .Text("generation_config.json", "{\n  \"bos_token_id\": 50256,\n  \"eos_token_id\": 50256\n}\n")
            .Text("merges.txt", "#version: 0.2\n\u0120 t\n\u0120 a\nh e\n")
            .Text("vocab.json", "{\"!\": 0, \"\\\"\": 1, \"#\": 2}\n")
            .Text("tokenizer.json", text.TokenizerJson(6_000))
            .Generated("model.safetensors", (512 * 1024) + 9), null)
        {
            PipelineTag = "text-generation",
            LibraryName = "transformers",
            Tags = ["transformers", "pytorch", "safetensors", "gpt2", "text-generation", "exbert", "en", "license:mit", "region:us"],
            Downloads = 9_873_001,
            Likes = 2_741,
        };
    }

    private static SimRepo NoNamespace(SimulatorOptions options) =>
        new(ShippedRepos.NoNamespaceModel, options.Seed, new DateTimeOffset(2020, 5, 1, 0, 0, 0, TimeSpan.Zero), b => b
            .Text("README.md", "# simgpt\n\nAn id without a namespace, served as it is.\n")
            .Text("config.json", "{\n  \"architectures\": [\"SimForCausalLM\"],\n  \"hidden_size\": 64\n}\n")
            .Generated("model.safetensors", (128 * 1024) + 1), null)
        {
            PipelineTag = "text-generation",
            LibraryName = "transformers",
            Tags = ["transformers", "safetensors"],
        };

    // Shares its id with a dataset; every file differs, README.md included.
    private static SimRepo SharedName(SimulatorOptions options) =>
        new(ShippedRepos.SharedName, options.Seed, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), b => b
            .Text("README.md", "---\nlicense: mit\n---\n# Shared name (the model)\n\nA dataset has the same id.\n")
            .Text("config.json", "{\n  \"architectures\": [\"SimForSequenceClassification\"],\n  \"num_labels\": 2\n}\n")
            .Generated("model.safetensors", (96 * 1024) + 3), null)
        {
            PipelineTag = "text-classification",
            LibraryName = "transformers",
            Tags = ["transformers", "safetensors", "text-classification"],
        };
}
