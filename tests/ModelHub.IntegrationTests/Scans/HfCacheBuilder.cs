using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>
/// Writes a repository folder of a Hugging Face cache (<c>models--org--name/</c>, or <c>datasets--org--name/</c>) as the Python client
/// lays it out: blobs named by their ETag, snapshots as relative symlinks into them (or real files,
/// as in no-symlink mode), refs, and optionally the commit's manifest.
/// </summary>
public sealed class HfCacheBuilder(string root, string repoId, bool symlinks = true, bool dataset = false)
{
    private readonly Dictionary<string, object> _manifest = [];

    public string Commit { get; } = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(repoId + root)));

    public string RepoFolder { get; } = Path.Combine(root, (dataset ? "datasets--" : "models--") + repoId.Replace("/", "--", StringComparison.Ordinal));

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string GitOid(byte[] bytes) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));

    /// <summary>Adds a file; an LFS file's blob is named by its SHA-256, another by its git blob id.</summary>
    public HfCacheBuilder File(string path, byte[] bytes, bool lfs = false, byte[]? storedBytes = null)
    {
        var etag = lfs ? Sha256(bytes) : GitOid(bytes);
        _manifest[path] = lfs
            ? new { size = 134, blob_id = GitOid(Encoding.UTF8.GetBytes(etag)), lfs_sha256 = etag, lfs_size = bytes.Length }
            : new { size = bytes.Length, blob_id = etag };
        var snapshot = Path.Combine(RepoFolder, "snapshots", Commit, path);
        Directory.CreateDirectory(Path.GetDirectoryName(snapshot)!);
        if (!symlinks)
        {
            System.IO.File.WriteAllBytes(snapshot, storedBytes ?? bytes);
            return this;
        }

        var blobs = Path.Combine(RepoFolder, "blobs");
        Directory.CreateDirectory(blobs);
        System.IO.File.WriteAllBytes(Path.Combine(blobs, etag), storedBytes ?? bytes);
        var depth = path.Count(c => c == '/') + 2;
        System.IO.File.CreateSymbolicLink(snapshot, string.Concat(Enumerable.Repeat("../", depth)) + "blobs/" + etag);
        return this;
    }

    /// <summary>An unfinished download beside the blobs, as the client leaves it.</summary>
    public HfCacheBuilder Incomplete(byte[] bytes)
    {
        var blobs = Path.Combine(RepoFolder, "blobs");
        Directory.CreateDirectory(blobs);
        System.IO.File.WriteAllBytes(Path.Combine(blobs, Sha256(bytes) + ".a1b2c3d4.incomplete"), bytes[..(bytes.Length / 2)]);
        return this;
    }

    public HfCacheBuilder Ref(string name = "main")
    {
        var file = Path.Combine(RepoFolder, "refs", name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        System.IO.File.WriteAllText(file, Commit);
        return this;
    }

    /// <summary>Writes <c>trees/&lt;commit&gt;.json</c> listing every file added, plus <paramref name="notCached"/> ones.</summary>
    public HfCacheBuilder Manifest(params (string Path, byte[] Bytes)[] notCached)
    {
        foreach (var (path, bytes) in notCached)
        {
            _manifest[path] = new { size = bytes.Length, blob_id = GitOid(bytes) };
        }

        var trees = Path.Combine(RepoFolder, "trees");
        Directory.CreateDirectory(trees);
        System.IO.File.WriteAllText(Path.Combine(trees, Commit + ".json"), JsonSerializer.Serialize(new { format_version = 1, files = _manifest }));
        return this;
    }
}
