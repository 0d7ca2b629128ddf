using System.Formats.Tar;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.Management.Export;

/// <summary>
/// Writes one snapshot as a tar in the Hugging Face cache layout (huggingface-hub-api.md §8), so that extracting it
/// into a cache root gives what the official clients would have written: <c>refs/{revision}</c> holding the commit,
/// each blob once under its ETag, and <c>snapshots/{commit}/{path}</c> as relative links to the blobs. The bytes are
/// copied from the store's files as the tar is written: memory stays the same for any size.
/// </summary>
internal static class SnapshotTar
{
    public const string ContentType = "application/x-tar";

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <param name="refName">The branch or tag the commit was asked for by (its ref is written), or null when asked by the commit itself.</param>
    public static async Task WriteAsync(
        Stream output, RepoType type, string repoId, string? refName, string commit, IReadOnlyList<ExportedFile> files, CancellationToken cancellationToken)
    {
        var root = HfCacheNames.RepositoryFolder(type, repoId);
        var modified = DateTimeOffset.UtcNow;
        // PAX: names of any length and files of any size, which GNU tar, Python's tarfile and node-tar all read.
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var folder in new[] { "", "/refs", "/blobs", "/snapshots", $"/snapshots/{commit}" })
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, $"{root}{folder}/") { Mode = FolderMode, ModificationTime = modified }, cancellationToken);
        }

        if (refName is not null)
        {
            // The commit, with no newline, as the Python client writes it.
            using var commitBytes = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(commit));
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, $"{root}/refs/{refName}") { DataStream = commitBytes, Mode = FileMode, ModificationTime = modified }, cancellationToken);
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => written.Add(f.BlobName)))
        {
            await using var bytes = new FileStream(file.StoredBlob, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, useAsync: true);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, $"{root}/blobs/{file.BlobName}") { DataStream = bytes, Mode = FileMode, ModificationTime = modified }, cancellationToken);
        }

        foreach (var file in files)
        {
            var link = new PaxTarEntry(TarEntryType.SymbolicLink, $"{root}/snapshots/{commit}/{file.Path}")
            {
                LinkName = HfCacheNames.SnapshotLinkTarget(file.Path, file.BlobName),
                Mode = FolderMode,
                ModificationTime = modified,
            };
            await tar.WriteEntryAsync(link, cancellationToken);
        }
    }
}
