using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// A repository with the layout of Wan-AI/Wan2.1-T2V-1.3B (generated content, not the real files):
/// commit 0 is the upload, main updates the README, <c>refs/pr/1</c> proposes a config change on top
/// of main, and tag <c>v1.0</c> marks the upload.
/// </summary>
internal static class WanRepo
{
    private static readonly string[] Assets =
    [
        "comp_effic.png", "data_for_diff_stage.jpg", "i2v_res.png", "logo.png", "t2v_res.jpg",
        "vben_1.3b_vs_sota.png", "vben_vs_sota.png", "video_dit_arch.jpg", "video_vae_res.jpg",
    ];

    private static readonly string[] Examples =
        ["i2v_input.JPG", "flf2v_input_first_frame.png", "flf2v_input_last_frame.png", "girl.png", "snake.png"];

    public static SimRepo Create(SimulatorOptions options)
    {
        var text = new TextGenerator(GitObjects.Seed(options.Seed, ShippedRepos.Wan));
        var repo = new SimRepo(ShippedRepos.Wan, options.Seed, new DateTimeOffset(2025, 2, 25, 7, 12, 40, TimeSpan.Zero),
            b => Upload(b, options.WeightBytes, text), null)
        {
            PipelineTag = "text-to-video",
            LibraryName = "diffusers",
            Tags = ["diffusers", "safetensors", "t2v", "video generation", "text-to-video", "en", "zh", "license:apache-2.0", "region:us"],
            Downloads = 48_211,
            Likes = 1_337,
        };
        var upload = repo.Main;
        repo.Advance(b => b.Text("README.md", Readme(text, revised: true)), "Update README.md");
        repo.CommitOn("refs/pr/1", repo.Main, "Use bf16 in config.json", b => b.Text("config.json", Config("bfloat16")));
        repo.SetRef("v1.0", upload);
        return repo;
    }

    private static void Upload(CommitBuilder b, long weight, TextGenerator text)
    {
        b.Text(".gitattributes", GitAttributes)
            .Text("LICENSE.txt", "Apache License\nVersion 2.0, January 2004\n\n" + text.Paragraph(12) + "\n")
            .Text("README.md", Readme(text, revised: false))
            .Text("config.json", Config("float32"))
            .Text("configuration.json", "{\"framework\":\"Pytorch\",\"task\":\"text-to-video\"}\n")
            .Generated("Wan2.1_VAE.pth", weight + 1_234)
            .Generated("diffusion_pytorch_model.safetensors", (2 * weight) + 4_321)
            .Generated("models_t5_umt5-xxl-enc-bf16.pth", (3 * weight) + 77)
            .Generated("models_clip_open-clip-xlm-roberta-large-vit-huge-14.pth", (weight / 2) + 911);
        for (var i = 0; i < Assets.Length; i++)
        {
            b.Generated($"assets/{Assets[i]}", 40_000 + (i * 13_579));
        }

        for (var i = 0; i < Examples.Length; i++)
        {
            b.Generated($"examples/{Examples[i]}", 25_000 + (i * 7_919));
        }

        b.Text("examples/.gitkeep", "");
        for (var i = 1; i <= 10; i++)
        {
            b.Text($"examples/prompts/t2v_{i:D2}.txt", text.Paragraph(1 + (i % 3)) + "\n");
        }

        Tokenizer(b, "google/umt5-xxl", "spiece.model", text);
        Tokenizer(b, "xlm-roberta-large", "sentencepiece.bpe.model", text);
    }

    private static void Tokenizer(CommitBuilder b, string folder, string model, TextGenerator text) => b
        .Text($"{folder}/special_tokens_map.json", "{\"eos_token\": \"</s>\", \"pad_token\": \"<pad>\", \"unk_token\": \"<unk>\"}\n")
        .Text($"{folder}/tokenizer_config.json", "{\n  \"model_max_length\": 512,\n  \"tokenizer_class\": \"T5Tokenizer\",\n  \"legacy\": true\n}\n")
        .Text($"{folder}/tokenizer.json", text.TokenizerJson(180_000), lfs: true)
        .Generated($"{folder}/{model}", 300_000 + folder.Length);

    private static string Readme(TextGenerator text, bool revised) =>
        "---\nlicense: apache-2.0\nlanguage:\n- en\n- zh\npipeline_tag: text-to-video\nlibrary_name: diffusers\ntags:\n- video\n- video-generation\n---\n"
        + "# Wan2.1\n\n" + text.Paragraph(5) + "\n\n## Quickstart\n\n" + text.Paragraph(4) + "\n"
        + (revised ? "\n## Updates\n\n" + text.Paragraph(2) + "\n" : "");

    private static string Config(string dtype) =>
        "{\n  \"_class_name\": \"WanModel\",\n  \"_diffusers_version\": \"0.30.0\",\n  \"dim\": 1536,\n  \"eps\": 1e-06,\n"
        + "  \"ffn_dim\": 8960,\n  \"freq_dim\": 256,\n  \"in_dim\": 16,\n  \"model_type\": \"t2v\",\n  \"num_heads\": 12,\n"
        + $"  \"num_layers\": 30,\n  \"out_dim\": 16,\n  \"text_len\": 512,\n  \"torch_dtype\": \"{dtype}\"\n}}\n";

    private const string GitAttributes =
        "*.7z filter=lfs diff=lfs merge=lfs -text\n*.bin filter=lfs diff=lfs merge=lfs -text\n"
        + "*.model filter=lfs diff=lfs merge=lfs -text\n*.pth filter=lfs diff=lfs merge=lfs -text\n"
        + "*.safetensors filter=lfs diff=lfs merge=lfs -text\n*.png filter=lfs diff=lfs merge=lfs -text\n"
        + "*.jpg filter=lfs diff=lfs merge=lfs -text\n*.JPG filter=lfs diff=lfs merge=lfs -text\n"
        + "tokenizer.json filter=lfs diff=lfs merge=lfs -text\n";
}
