using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ModelHub.Contracts.Repositories;

/// <summary>
/// The names a Hugging Face cache gives a repository's folder and its files (huggingface-hub-api.md §8): what an import
/// reads and an export writes. <c>models--org--name/</c> holds <c>refs/{branch}</c> (the commit), <c>blobs/{etag}</c>
/// (the file's ETag: an LFS file's SHA-256, else its git blob id) and <c>snapshots/{commit}/{path}</c>, a relative link
/// to its blob.
/// </summary>
public static partial class HfCacheNames
{
    /// <summary><c>models--org--name</c> or <c>datasets--org--name</c>.</summary>
    public static string RepositoryFolder(RepoType type, string repoId) =>
        $"{(type == RepoType.Dataset ? "datasets" : "models")}--{repoId.Replace("/", "--", StringComparison.Ordinal)}";

    /// <summary>The type and <c>org/name</c> id a repository folder's name stands for; false for any other name.</summary>
    public static bool TryParseRepositoryFolder(string name, out RepoType type, [NotNullWhen(true)] out string? repoId)
    {
        var match = RepositoryFolderName().Match(name);
        if (!match.Success || name.Split("--").Length != 3 || name.Contains("..", StringComparison.Ordinal))
        {
            (type, repoId) = (RepoType.Model, null);
            return false;
        }

        type = match.Groups["type"].Value == "datasets" ? RepoType.Dataset : RepoType.Model;
        repoId = $"{match.Groups["org"].Value}/{match.Groups["name"].Value}";
        return true;
    }

    /// <summary>A file's blob name, its ETag: the LFS SHA-256, else the git blob id; null when it has neither.</summary>
    public static string? BlobName(string? lfsSha256, string? gitBlobOid) => lfsSha256 ?? gitBlobOid;

    /// <summary>Where the snapshot link of <paramref name="path"/> points: <c>../../blobs/{blob}</c>, one <c>../</c> more per folder.</summary>
    public static string SnapshotLinkTarget(string path, string blob) =>
        string.Concat(Enumerable.Repeat("../", 2 + path.Count(c => c == '/'))) + "blobs/" + blob;

    // {models|datasets}--{org}--{name}: Hugging Face ids never contain "--", so the split is unambiguous. Spaces are not mirrored.
    [GeneratedRegex("^(?<type>models|datasets)--(?<org>[A-Za-z0-9][A-Za-z0-9._-]{0,95})--(?<name>[A-Za-z0-9][A-Za-z0-9._-]{0,95})$")]
    private static partial Regex RepositoryFolderName();
}
