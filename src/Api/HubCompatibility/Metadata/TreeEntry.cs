using System.Text.Json.Serialization;
using ModelHub.Api.HubCompatibility.Repositories;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>Tree and paths-info entries, in the Hub's shape (no <c>xetHash</c>: ModelHub does not serve Xet).</summary>
internal sealed record TreeEntry(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("oid")] string Oid,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("path")] string Path)
{
    [JsonPropertyName("lfs")]
    public TreeLfs? Lfs { get; init; }

    [JsonPropertyName("lastCommit")]
    public LastCommit? LastCommit { get; init; }

    public static TreeEntry File(HubFile file, LastCommit? lastCommit) => new("file", file.Oid, file.Size, file.Path)
    {
        Lfs = file.LfsSha256 is { } sha256 ? new TreeLfs(sha256, file.Size, LfsPointer.Size(sha256, file.Size)) : null,
        LastCommit = lastCommit,
    };

    public static TreeEntry Directory(string path, string oid, LastCommit? lastCommit) => new("directory", oid, 0, path) { LastCommit = lastCommit };
}
