using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility;

/// <summary>One file of a synced commit, as the Hub routes need it.</summary>
internal sealed record HubFile(Guid Id, string Path, long Size, string? GitBlobOid, string? LfsSha256, string? ContentHash)
{
    public bool IsLfs => LfsSha256 is not null;

    /// <summary>What clients name the file by (the ETag, the cache's blob name): the SHA-256 for LFS files, else the git blob id.</summary>
    public string ETag => LfsSha256 ?? GitBlobOid ?? ContentHash ?? "";

    /// <summary>The git blob id of what git stores: for an LFS file, its pointer's.</summary>
    public string Oid => GitBlobOid ?? (LfsSha256 is { } sha256 ? GitBlobHash.Of(LfsPointer.Bytes(sha256, Size)) : "");
}

/// <summary>The git-lfs pointer an LFS file is stored as in git (git-lfs spec v1), rebuilt from its SHA-256 and size.</summary>
internal static class LfsPointer
{
    public static byte[] Bytes(string sha256, long size) =>
        Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size.ToString(CultureInfo.InvariantCulture)}\n");

    public static int Size(string sha256, long size) => Bytes(sha256, size).Length;
}

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

internal sealed record TreeLfs(
    [property: JsonPropertyName("oid")] string Oid,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("pointerSize")] int PointerSize);

/// <summary>
/// ModelHub keeps no per-file history: <c>lastCommit</c> names the commit the revision resolved to,
/// which is where clients file the snapshot anyway.
/// </summary>
internal sealed record LastCommit(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("date")] string Date);

/// <summary>JSON as the Hub writes it: names exactly as declared (not the /v1/hub snake_case), nulls left out.</summary>
internal static class HubJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Date(DateTimeOffset? at) =>
        (at ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>true</c>, <c>True</c> and <c>1</c> (the clients send all three).</summary>
    public static bool Flag(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
