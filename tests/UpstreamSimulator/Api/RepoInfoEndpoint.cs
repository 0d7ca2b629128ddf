using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>
/// <c>GET /api/models/{id}[/revision/{rev}]</c> (contract §1.1) and <c>GET /api/datasets/{id}[/revision/{rev}]</c>:
/// the same shape, each type with the fields the Hub gives it (<c>ExpandModelProperty_T</c>,
/// <c>ExpandDatasetProperty_T</c> in huggingface_hub).
/// </summary>
internal static class RepoInfoEndpoint
{
    // Fields real answers carry only when asked for with expand=. Values are made only when wanted:
    // siblings of 100,000 files are not built for expand=sha.
    private static readonly HashSet<string> ModelExpandOnly = ["downloadsAllTime", "trendingScore", "usedStorage", "inference", "childrenModelCount", "xetEnabled"];
    private static readonly HashSet<string> DatasetExpandOnly = ["downloadsAllTime", "trendingScore", "resourceGroup", "xetEnabled"];

    public static async Task HandleAsync(HttpContext context, RepoCatalog catalog, RepoTarget target, string revision)
    {
        var kind = target.Type == RepoType.Model ? "model-info" : "dataset-info";
        if (await RepoAccess.OpenCommitAsync(context, catalog, target, revision, kind) is not (var repo, var commit))
        {
            return;
        }

        var query = context.Request.Query;
        var expand = query["expand"].Concat(query["expand[]"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var blobs = IsTrue(query["blobs"].ToString());
        var siblings = new SiblingView(blobs, RepoAccess.MasksXet(context, catalog, repo));
        await context.Response.WriteAsJsonAsync(Build(repo, commit, expand, siblings), context.RequestAborted);
    }

    public static bool IsTrue(string? value) => value is "true" or "True" or "1";

    private static JsonObject Build(SimRepo repo, SimCommit commit, HashSet<string> expand, SiblingView siblings)
    {
        var (fields, expandOnly) = repo.Type == RepoType.Model
            ? (ModelFields(repo, commit, siblings), ModelExpandOnly)
            : (DatasetFields(repo, commit, siblings), DatasetExpandOnly);
        var idSeed = repo.Type == RepoType.Model ? repo.Id : $"{repo.Type.Name()}:{repo.Id}";
        var info = new JsonObject { ["_id"] = GitObjects.Sha1Hex("_id:" + idSeed)[..24], ["id"] = repo.Id };
        foreach (var (name, value) in fields)
        {
            var wanted = expand.Count == 0 ? !expandOnly.Contains(name) : expand.Contains(name);
            if (wanted)
            {
                info[name] = value();
            }
        }

        return info;
    }

    private static List<(string Name, Func<JsonNode?> Value)> ModelFields(SimRepo repo, SimCommit commit, SiblingView siblings) =>
    [
        ("private", () => repo.Private),
        ("pipeline_tag", () => repo.PipelineTag),
        ("library_name", () => repo.LibraryName),
        ("tags", () => Tags(repo)),
        ("downloads", () => repo.Downloads),
        ("likes", () => repo.Likes),
        ("modelId", () => repo.Id),
        ("author", () => repo.Author),
        ("sha", () => commit.Sha),
        ("lastModified", () => TreeEntryJson.Date(commit.Date)),
        ("gated", () => Gate(repo.Gated)),
        ("disabled", () => false),
        ("widgetData", () => new JsonArray()),
        ("model-index", () => null),
        ("config", () => new JsonObject()),
        ("cardData", () => repo.CardData?.DeepClone() ?? new JsonObject { ["license"] = "apache-2.0", ["pipeline_tag"] = repo.PipelineTag, ["tags"] = Tags(repo) }),
        ("siblings", () => Siblings(commit, siblings)),
        ("spaces", () => new JsonArray()),
        ("createdAt", () => TreeEntryJson.Date(repo.CreatedAt)),
        ("usedStorage", () => commit.TotalBytes),
        ("downloadsAllTime", () => repo.Downloads * 7),
        ("trendingScore", () => 3),
        ("inference", () => "warm"),
        ("childrenModelCount", () => 0),
        ("xetEnabled", () => true),
    ];

    private static List<(string Name, Func<JsonNode?> Value)> DatasetFields(SimRepo repo, SimCommit commit, SiblingView siblings) =>
    [
        ("author", () => repo.Author),
        ("sha", () => commit.Sha),
        ("lastModified", () => TreeEntryJson.Date(commit.Date)),
        ("private", () => repo.Private),
        ("gated", () => Gate(repo.Gated)),
        ("disabled", () => false),
        ("tags", () => Tags(repo)),
        ("citation", () => repo.Citation),
        ("description", () => repo.Description),
        ("downloads", () => repo.Downloads),
        ("likes", () => repo.Likes),
        ("paperswithcode_id", () => repo.CardData?["paperswithcode_id"]?.DeepClone()),
        ("cardData", () => repo.CardData?.DeepClone() ?? new JsonObject()),
        ("siblings", () => Siblings(commit, siblings)),
        ("createdAt", () => TreeEntryJson.Date(repo.CreatedAt)),
        ("usedStorage", () => commit.TotalBytes),
        ("downloadsAllTime", () => repo.Downloads * 5),
        ("trendingScore", () => 1),
        ("resourceGroup", () => null),
        ("xetEnabled", () => true),
    ];

    private static JsonArray Tags(SimRepo repo) => new([.. repo.Tags.Select(t => JsonValue.Create(t))]);

    private static JsonNode Gate(GateMode gate) => gate switch
    {
        GateMode.Auto => "auto",
        GateMode.Manual => "manual",
        _ => false,
    };

    private static JsonArray Siblings(SimCommit commit, SiblingView view) => new([.. commit.Files.Select(f => Sibling(f, view))]);

    private static JsonObject Sibling(SimFile file, SiblingView view)
    {
        var sibling = new JsonObject { ["rfilename"] = file.Path };
        if (!view.Blobs)
        {
            return sibling;
        }

        sibling["blobId"] = file.GitOid;
        sibling["size"] = file.Size;
        if (file.IsLfs)
        {
            sibling["lfs"] = new JsonObject { ["sha256"] = file.Sha256, ["size"] = file.Size, ["pointerSize"] = file.PointerSize };
            sibling["xetHash"] = TreeEntryJson.XetHash(file, view.MaskXet);
        }

        return sibling;
    }

    /// <summary>How siblings are written: with their blobs (<c>blobs=true</c>), and with masked Xet hashes.</summary>
    private readonly record struct SiblingView(bool Blobs, bool MaskXet);
}
