using System.Globalization;
using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>Tree and paths-info entries in the Hub's shape (contract §1.2), extra fields included.</summary>
internal static class TreeEntryJson
{
    public static string Date(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>What a caller without access to a gated repository is shown instead of a Xet hash.</summary>
    public static readonly string MaskedXetHash = new('*', 64);

    /// <param name="maskXet">Xet hashes are masked for this caller (<see cref="RepoAccess.MasksXet"/>).</param>
    public static JsonObject Entry(TreeNode node, SimCommit commit, bool expand, bool maskXet) =>
        node.IsDirectory ? Directory(node, commit, expand) : File(node.File!, expand, maskXet);

    public static string XetHash(SimFile file, bool masked) => masked ? MaskedXetHash : file.XetHash;

    private static JsonObject Directory(TreeNode node, SimCommit commit, bool expand)
    {
        var entry = new JsonObject
        {
            ["type"] = "directory",
            ["oid"] = commit.Tree.DirectoryOid(node.Path),
            ["size"] = 0,
            ["path"] = node.Path,
        };
        if (expand)
        {
            entry["lastCommit"] = LastCommit(commit.Stamp);
        }

        return entry;
    }

    private static JsonObject File(SimFile file, bool expand, bool maskXet)
    {
        var entry = new JsonObject
        {
            ["type"] = "file",
            ["oid"] = file.GitOid,
            ["size"] = file.Size,
        };
        if (file.IsLfs)
        {
            entry["lfs"] = new JsonObject { ["oid"] = file.Sha256, ["size"] = file.Size, ["pointerSize"] = file.PointerSize };
            entry["xetHash"] = XetHash(file, maskXet);
        }

        entry["path"] = file.Path;
        if (expand)
        {
            entry["lastCommit"] = LastCommit(file.LastCommit);
            entry["securityFileStatus"] = SecurityStatus(file);
        }

        return entry;
    }

    private static JsonObject LastCommit(CommitStamp stamp) => new()
    {
        ["id"] = stamp.Sha,
        ["title"] = stamp.Title,
        ["date"] = Date(stamp.Date),
    };

    private static JsonObject SecurityStatus(SimFile file)
    {
        var pickled = file.Path.EndsWith(".pth", StringComparison.Ordinal) || file.Path.EndsWith(".bin", StringComparison.Ordinal);
        return new JsonObject
        {
            ["status"] = "safe",
            ["protectAiScan"] = new JsonObject { ["status"] = "safe", ["message"] = "This file has no security findings.", ["reportLink"] = null },
            ["avScan"] = new JsonObject { ["virusFound"] = false, ["virusNames"] = null },
            ["pickleImportScan"] = pickled
                ? new JsonObject
                {
                    ["highestSafetyLevel"] = "innocuous",
                    ["imports"] = new JsonArray(
                        new JsonObject { ["module"] = "torch", ["name"] = "BFloat16Storage", ["safety"] = "innocuous" },
                        new JsonObject { ["module"] = "collections", ["name"] = "OrderedDict", ["safety"] = "innocuous" }),
                }
                : null,
        };
    }
}
