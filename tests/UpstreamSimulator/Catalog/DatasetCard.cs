using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>A dataset card: the README with its YAML header, and the tags the Hub derives from that header.</summary>
internal static class DatasetCard
{
    public static string Readme(JsonObject metadata, string body) => "---\n" + CardYaml.Write(metadata) + "---\n\n" + body;

    /// <summary>
    /// The tags of a dataset's info answer: each of the header's task categories, languages, licenses
    /// and size categories as <c>key:value</c>, then <paramref name="extra"/> (format, modality, libraries).
    /// </summary>
    public static IReadOnlyList<string> Tags(JsonObject metadata, params string[] extra)
    {
        string[] keys = ["task_categories", "language", "license", "size_categories"];
        var derived = keys.SelectMany(key => Values(metadata[key]).Select(value => $"{key}:{value}"));
        return [.. derived, .. extra, "region:us"];
    }

    /// <summary>The Hub's <c>size_categories</c> bucket for a number of rows.</summary>
    public static string SizeCategory(long rows) => rows switch
    {
        < 1_000 => "n<1K",
        < 10_000 => "1K<n<10K",
        < 100_000 => "10K<n<100K",
        < 1_000_000 => "100K<n<1M",
        _ => "1M<n<10M",
    };

    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        JsonArray list => list.Select(v => v?.ToString()).OfType<string>(),
        JsonValue value => [value.ToString()],
        _ => [],
    };
}
