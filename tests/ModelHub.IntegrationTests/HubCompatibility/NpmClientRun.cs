using System.Text.Json.Nodes;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>What <c>hub-client-check.mjs</c> wrote to <c>result.json</c>, and the folder holding it and the client's caches.</summary>
public sealed record NpmClientRun(JsonNode Report, string Output)
{
    /// <summary>Every request the client made, as <c>METHOD /path?query STATUS</c>.</summary>
    public IEnumerable<string> Requests() => Report["requests"]!.AsArray().Select(r => $"{r!["method"]} {r["path"]} {r["status"]}");

    /// <summary>The entries the script found under one of the client's caches (<c>fileCache</c>, <c>snapshotCache</c>), by path.</summary>
    public Dictionary<string, JsonNode> Layout(string cache) =>
        Report[cache]!.AsArray().ToDictionary(e => e!["path"]!.GetValue<string>(), e => e!);

    /// <summary>The same entries as <see cref="CacheEntry"/> records, to compare with a folder's <see cref="ExtractedCache.Layout"/>.</summary>
    public Dictionary<string, CacheEntry> Entries(string cache) =>
        Layout(cache).ToDictionary(
            e => e.Key, e => new CacheEntry(e.Value["type"]!.GetValue<string>(), e.Value["target"]?.GetValue<string>(), e.Value["sha256"]?.GetValue<string>()));

    /// <summary><paramref name="pointer"/> is a relative symlink into <c>{repoFolder}/blobs/{etag}</c>, holding the upstream bytes.</summary>
    public static void ShouldLinkToItsBlob(Dictionary<string, JsonNode> layout, string repoFolder, string pointer, string sha256, string etag)
    {
        layout.ShouldContainKey(pointer);
        var link = layout[pointer];
        link["type"]!.GetValue<string>().ShouldBe("symlink", pointer);
        link["sha256"]!.GetValue<string>().ShouldBe(sha256, pointer);
        var target = link["target"]!.GetValue<string>();
        Path.IsPathRooted(target).ShouldBeFalse(pointer);
        var blob = Path.GetRelativePath("/", Path.GetFullPath(Path.Combine("/", Path.GetDirectoryName(pointer)!, target)));
        blob.ShouldBe($"{repoFolder}/blobs/{etag}", pointer);
        layout[blob]["type"]!.GetValue<string>().ShouldBe("file", blob);
        layout[blob]["sha256"]!.GetValue<string>().ShouldBe(sha256, blob);
    }
}
