using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage;

/// <summary>
/// What the store holds on disk and the moves a scan makes on it: quarantine a blob whose bytes no
/// longer match its name, evict or delete one, drop the readable copies a sync made of it.
/// </summary>
public sealed class StoreInventory(BlobStore store)
{
    public string BlobFolder => Path.Combine(store.Root, "blobs", "sha256");

    public string QuarantineFolder => Path.Combine(store.Root, "quarantine");

    /// <summary>Every file in <c>blobs/sha256/</c>; <paramref name="strays"/> gets the names that are not a SHA-256.</summary>
    public IEnumerable<BlobFile> EnumerateBlobs(Action<string>? strays = null)
    {
        if (!Directory.Exists(BlobFolder))
        {
            yield break;
        }

        foreach (var file in new DirectoryInfo(BlobFolder).EnumerateFiles())
        {
            if (IsSha256(file.Name))
            {
                yield return new BlobFile(file.Name, file.Length, file.LastWriteTimeUtc);
            }
            else
            {
                strays?.Invoke($"blobs/sha256/{file.Name}");
            }
        }
    }

    public IEnumerable<TempFile> EnumerateTemp()
    {
        var temp = Path.Combine(store.Root, "temp");
        return Directory.Exists(temp)
            ? new DirectoryInfo(temp).EnumerateFiles().Select(f => new TempFile(f.FullName, f.Length, f.LastWriteTimeUtc))
            : [];
    }

    /// <summary>The blob's size, or null when it is not on disk.</summary>
    public long? SizeOf(string sha256)
    {
        var file = new FileInfo(store.BlobPath(sha256));
        return file.Exists ? file.Length : null;
    }

    /// <summary>
    /// Moves a blob out of <c>blobs/</c> into <c>quarantine/&lt;sha256&gt;.&lt;utc time&gt;</c>, where
    /// an operator can look at it; false when it was not there.
    /// </summary>
    public bool Quarantine(string sha256, DateTimeOffset now)
    {
        Directory.CreateDirectory(QuarantineFolder);
        var target = Path.Combine(QuarantineFolder, $"{sha256}.{now.UtcDateTime:yyyyMMddTHHmmssfffZ}");
        try
        {
            File.Move(store.BlobPath(sha256), target, overwrite: false);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Deletes a blob; false when it was not there.</summary>
    public bool Delete(string sha256)
    {
        var path = store.BlobPath(sha256);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>
    /// Deletes the readable copy <c>&lt;repository folder&gt;/&lt;commit&gt;/&lt;path&gt;</c> of an artifact, if
    /// there is one: it is a hard link to the blob, so it shares the blob's fate.
    /// </summary>
    public void DeleteMetadataCopy(RepoType type, string repoId, string commit, string path)
    {
        if (RepoPaths.Validate(repoId) is not null || repoId.Count(c => c == '/') != 1 || RepoPaths.Validate(path) is not null || !IsHex(commit, 40))
        {
            return;
        }

        try
        {
            File.Delete(RepoPaths.Resolve(store.Root, $"{MetadataFolders.Of(type, repoId)}/{commit}/{path}"));
        }
        catch (DirectoryNotFoundException)
        {
            // no copy was made
        }
    }

    /// <summary>
    /// Re-hashes a blob (SHA-256, one sequential pass through a pooled 1 MiB buffer); null when the
    /// blob is not on disk. Holds no lock: blobs never change in place, and a move does not disturb an open file.
    /// </summary>
    public (string Sha256, long Size)? Rehash(string sha256, CancellationToken cancellationToken)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(store.BlobPath(sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        using (handle)
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                long offset = 0;
                int read;
                while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    hash.AppendData(buffer, 0, read);
                    offset += read;
                }

                return (Convert.ToHexStringLower(hash.GetHashAndReset()), offset);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public static bool IsSha256(string name) => IsHex(name, 64);

    public static bool IsGitSha1(string name) => IsHex(name, 40);

    private static bool IsHex(string value, int length) => value.Length == length && value.All(char.IsAsciiHexDigitLower);
}
