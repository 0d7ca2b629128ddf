using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary><c>GET /api/models/{id}[/revision/{rev}]</c> (contract §1.1).</summary>
internal static class ModelInfoEndpoint
{
    // Fields real answers carry only when asked for with expand=.
    private static readonly HashSet<string> ExpandOnly = ["downloadsAllTime", "trendingScore", "usedStorage", "inference", "childrenModelCount"];

    public static async Task HandleAsync(HttpContext context, RepoCatalog catalog, string repoId, string revision)
    {
        if (await RepoAccess.OpenCommitAsync(context, catalog, repoId, revision, "model-info") is not (var repo, var commit))
        {
            return;
        }

        var query = context.Request.Query;
        var expand = query["expand"].Concat(query["expand[]"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var blobs = IsTrue(query["blobs"].ToString());
        await context.Response.WriteAsJsonAsync(Build(repo, commit, expand, blobs), context.RequestAborted);
    }

    public static bool IsTrue(string? value) => value is "true" or "True" or "1";

    private static JsonObject Build(SimRepo repo, SimCommit commit, HashSet<string> expand, bool blobs)
    {
        var all = Fields(repo, commit, blobs);
        var info = new JsonObject { ["_id"] = GitObjects.Sha1Hex("_id:" + repo.Id)[..24], ["id"] = repo.Id };
        foreach (var (name, value) in all)
        {
            var wanted = expand.Count == 0 ? !ExpandOnly.Contains(name) : expand.Contains(name);
            if (wanted)
            {
                info[name] = value;
            }
        }

        return info;
    }

    private static List<(string Name, JsonNode? Value)> Fields(SimRepo repo, SimCommit commit, bool blobs) =>
    [
        ("private", repo.Private),
        ("pipeline_tag", repo.PipelineTag),
        ("library_name", repo.LibraryName),
        ("tags", new JsonArray([.. repo.Tags.Select(t => JsonValue.Create(t))])),
        ("downloads", repo.Downloads),
        ("likes", repo.Likes),
        ("modelId", repo.Id),
        ("author", repo.Author),
        ("sha", commit.Sha),
        ("lastModified", TreeEntryJson.Date(commit.Date)),
        ("gated", Gate(repo.Gated)),
        ("disabled", false),
        ("widgetData", new JsonArray()),
        ("model-index", null),
        ("config", new JsonObject()),
        ("cardData", new JsonObject { ["license"] = "apache-2.0", ["pipeline_tag"] = repo.PipelineTag, ["tags"] = new JsonArray([.. repo.Tags.Select(t => JsonValue.Create(t))]) }),
        ("siblings", new JsonArray([.. commit.Files.Select(f => Sibling(f, blobs))])),
        ("spaces", new JsonArray()),
        ("createdAt", TreeEntryJson.Date(repo.CreatedAt)),
        ("usedStorage", commit.TotalBytes),
        ("downloadsAllTime", repo.Downloads * 7),
        ("trendingScore", 3),
        ("inference", "warm"),
        ("childrenModelCount", 0),
    ];

    private static JsonNode Gate(GateMode gate) => gate switch
    {
        GateMode.Auto => "auto",
        GateMode.Manual => "manual",
        _ => false,
    };

    private static JsonObject Sibling(SimFile file, bool blobs)
    {
        var sibling = new JsonObject { ["rfilename"] = file.Path };
        if (!blobs)
        {
            return sibling;
        }

        sibling["blobId"] = file.GitOid;
        sibling["size"] = file.Size;
        if (file.IsLfs)
        {
            sibling["lfs"] = new JsonObject { ["sha256"] = file.Sha256, ["size"] = file.Size, ["pointerSize"] = file.PointerSize };
        }

        return sibling;
    }
}
