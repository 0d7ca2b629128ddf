using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelHub.Jobs.Kinds;
using ModelHub.ScanService.Scans;
using ModelHub.Storage;

namespace ModelHub.ScanService.Import;

/// <summary>
/// Imports a Hugging Face cache folder without the network: every snapshot file whose bytes prove to
/// be what the cache calls them (a 64-hex blob name is their SHA-256, a 40-hex one their git blob SHA-1)
/// is copied into the store, and the repository, its refs and its artifacts are recorded.
/// Incomplete, corrupt, unverifiable and unsafe files are skipped and reported. The folder is only read.
/// </summary>
internal sealed class ImportScan(BlobStore store, ImportRecorder recorder, IOptions<ScanSettings> settings) : IStorageScan
{
    public string Mode => ScanModes.Import;

    public async Task<string> RunAsync(ScanPayload request, ScanTally tally, CancellationToken cancellationToken)
    {
        var root = CheckFolder(request.Path);
        var folders = HfCacheFolder.Find(root, tally.Problem).ToList();
        if (folders.Count == 0)
        {
            throw new ScanRequestException($"{root} holds no repository folder of a Hugging Face cache (models--org--name, datasets--org--name).");
        }

        tally.Progress.ExpectItems("files");
        foreach (var folder in folders)
        {
            await ImportRepositoryAsync(folder, tally, cancellationToken);
        }

        return $"imported {tally.FilesImported} file(s) of {tally.RepositoriesImported} repository(ies) from {root}; skipped {tally.FilesSkipped}";
    }

    private string CheckFolder(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path))
        {
            throw new ScanRequestException("An import needs the absolute path of a Hugging Face cache folder in 'path'.");
        }

        var full = Path.GetFullPath(path);
        var roots = settings.Value.ImportRoots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).ToList();
        if (roots.Count > 0 && !roots.Any(r => full == r || full.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            throw new ScanRequestException($"{full} is outside the folders imports may read ({ScanSettings.Section}:{nameof(ScanSettings.ImportRoots)}).");
        }

        return Directory.Exists(full) ? full : throw new ScanRequestException($"{full} is not a folder the ScanService can read.");
    }

    private async Task ImportRepositoryAsync(HfCacheFolder folder, ScanTally tally, CancellationToken cancellationToken)
    {
        void Skip(string why, int files = 1)
        {
            Interlocked.Add(ref tally.FilesSkipped, files);
            tally.Problem(why);
        }

        foreach (var incomplete in folder.IncompleteBlobs())
        {
            Skip($"incomplete: {folder.RepoId} blobs/{incomplete} (an unfinished download)");
        }

        var refs = folder.ReadRefs(tally.Problem);
        var files = folder.ReadSnapshots(why => Skip(why)).ToList();
        var manifests = files.Select(f => f.Commit).Distinct().ToDictionary(c => c, c => folder.ReadManifest(c, tally.Problem));

        var stored = new ConcurrentDictionary<string, ImportedBlob>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Value.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(files.GroupBy(f => f.Source), parallel, async (sameBytes, token) =>
        {
            var file = sameBytes.First();
            var where = $"{folder.RepoId}@{file.Commit[..8]}:{file.Path}";
            long bytes = 0;
            try
            {
                if (await StoreAsync(file, manifests[file.Commit]?.GetValueOrDefault(file.Path), token) is { } blob)
                {
                    stored[file.Source] = blob;
                    Interlocked.Add(ref tally.BlobsChecked, 1);
                    Interlocked.Add(ref tally.BytesChecked, blob.Size);
                    bytes = blob.Size;
                }
                else
                {
                    Skip($"unverifiable: {where}: the blob name '{file.BlobName}' is not a content hash and no manifest says what it should be", sameBytes.Count());
                }
            }
            catch (ContentMismatchException e)
            {
                Skip($"corrupt: {where}: {e.Message}", sameBytes.Count());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Skip($"unreadable: {where}: {e.Message}", sameBytes.Count());
            }

            await tally.Progress.AddItemsAsync(sameBytes.Count(), bytes);
        });

        var imported = files.Where(f => stored.ContainsKey(f.Source)).Select(f => new ImportedFile(f.Commit, f.Path, stored[f.Source])).ToList();
        if (imported.Count > 0)
        {
            await recorder.RecordAsync(folder.RepoType, folder.RepoId, refs, imported, manifests, tally, cancellationToken);
        }
    }

    /// <summary>Copies the file into the store if its bytes are what the cache promises; null when nothing promises anything.</summary>
    private async Task<ImportedBlob?> StoreAsync(SnapshotFile file, ManifestEntry? manifest, CancellationToken cancellationToken)
    {
        var (expected, lfs) = file.BlobName switch
        {
            { } name when StoreInventory.IsSha256(name) => (new ExpectedContent(file.Size, name, null), true),
            { } name when StoreInventory.IsGitSha1(name) => (new ExpectedContent(file.Size, null, name), false),
            _ when manifest?.LfsSha256 is { } sha256 => (new ExpectedContent(manifest.Size, sha256, null), true),
            _ when manifest?.BlobId is { } oid && StoreInventory.IsGitSha1(oid) => (new ExpectedContent(manifest.Size, null, oid), false),
            null => (new ExpectedContent(file.Size, null, await GitOidAsync(file, cancellationToken)), false),
            _ => (null, false),
        };
        if (expected is null)
        {
            return null;
        }

        await using var source = new FileStream(file.Source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var blob = await store.StoreAsync(source, expected, $"import-{Guid.NewGuid():N}", cancellationToken);
        return new ImportedBlob(blob.Sha256, blob.Size, blob.RelativePath, lfs ? blob.Sha256 : null, lfs ? manifest?.BlobId : expected.GitBlobSha1);
    }

    /// <summary>A no-symlink cache's file promises nothing: its git blob id is computed here, for the records.</summary>
    private static async Task<string> GitOidAsync(SnapshotFile file, CancellationToken cancellationToken)
    {
        using var hash = GitBlobHash.Start(file.Size);
        await using var source = new FileStream(file.Source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
