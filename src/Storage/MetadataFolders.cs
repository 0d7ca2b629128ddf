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

    /// <summary>
    /// Moves a repository's readable copies from the folder of its former name to its current one (a rename upstream).
    /// A commit folder the current name already has stays as it is; the former folder is removed once empty.
    /// </summary>
    public static void Move(string root, RepoType type, string formerId, string currentId)
    {
        var from = RepoPaths.Resolve(root, Of(type, formerId));
        if (!Directory.Exists(from))
        {
            return;
        }

        var to = RepoPaths.Resolve(root, Of(type, currentId));
        Directory.CreateDirectory(to);
        foreach (var commit in Directory.EnumerateDirectories(from))
        {
            var target = Path.Combine(to, Path.GetFileName(commit));
            if (!Directory.Exists(target))
            {
                Directory.Move(commit, target);
            }
        }

        // The former org folder goes too when this was its last repository.
        foreach (var folder in new[] { from, Path.GetDirectoryName(from)! })
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }
}
