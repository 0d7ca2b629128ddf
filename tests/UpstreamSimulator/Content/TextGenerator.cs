using System.Text;

namespace ModelHub.UpstreamSimulator.Content;

/// <summary>Deterministic, plausible text: prose for READMEs and prompts, vocabularies for tokenizers.</summary>
internal sealed class TextGenerator(ulong seed)
{
    private static readonly string[] Words =
    [
        "video", "model", "diffusion", "frames", "latent", "encoder", "a", "the", "of", "with", "camera",
        "slowly", "over", "river", "city", "night", "light", "cat", "walks", "through", "forest", "golden",
        "hour", "cinematic", "motion", "quality", "high", "resolution", "temporal", "consistent", "scene",
        "ocean", "waves", "mountain", "snow", "street", "rain", "reflections", "portrait", "wind", "leaves",
    ];

    private ulong _state = seed | 1;

    public string Sentence(int minWords = 6, int maxWords = 14)
    {
        var count = minWords + Next(maxWords - minWords + 1);
        var words = Enumerable.Range(0, count).Select(_ => Words[Next(Words.Length)]).ToArray();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words) + ".";
    }

    public string Paragraph(int sentences) =>
        string.Join(' ', Enumerable.Range(0, sentences).Select(_ => Sentence()));

    /// <summary>A tokenizer.json-like document of about <paramref name="approximateBytes"/> bytes.</summary>
    public string TokenizerJson(int approximateBytes)
    {
        var json = new StringBuilder("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n");
        json.Append("  \"model\": {\n    \"type\": \"Unigram\",\n    \"unk_id\": 2,\n    \"vocab\": [\n");
        for (var i = 0; json.Length < approximateBytes; i++)
        {
            var suffix = Words[Next(Words.Length)];
            var piece = "\u2581" + Words[Next(Words.Length)] + (i % 7 == 0 ? "" : suffix[..Math.Min(2, suffix.Length)]);
            json.Append($"      [\"{piece}\", -{Next(20)}.{Next(1_000_000):D6}],\n");
        }

        json.Append("      [\"<unk>\", 0.0]\n    ]\n  }\n}\n");
        return json.ToString();
    }

    public int Next(int bound)
    {
        _state ^= _state << 13;
        _state ^= _state >> 7;
        _state ^= _state << 17;
        return (int)(_state % (ulong)bound);
    }
}
