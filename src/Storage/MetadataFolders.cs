using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage;

/// <summary>
/// Where a repository's readable copies live below <c>metadata/</c>: <c>org/name/</c> for a model and
/// <c>datasets/org/name/</c> for a dataset, as the Hub's own addresses place them (no account may be called
/// <c>datasets</c>), so a model and a dataset of one id never share a folder.
/// </summary>
public static class MetadataFolders
{
    /// <summary>The repository's folder relative to the store root, or an <see cref="ArgumentException"/> for an unsafe id.</summary>
    public static string Of(RepoType type, string repoId)
    {
        if (RepoPaths.Validate(repoId) is not null || repoId.Count(c => c == '/') != 1)
        {
            throw new ArgumentException($"unsafe repo id '{repoId}'", nameof(repoId));
        }

        return type switch
        {
            RepoType.Model => $"metadata/{repoId}",
            RepoType.Dataset => $"metadata/datasets/{repoId}",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }
}
