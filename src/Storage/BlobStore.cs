using System.Diagnostics;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage;

/// <summary>
/// The content-addressed store: every file once, under <c>blobs/sha256/&lt;hash&gt;</c>, written to
/// <c>temp/</c> first, hashed while it is written, verified, flushed to disk, then renamed into place
/// in one atomic step. A reader never sees a partial or unverified blob.
/// </summary>
public sealed class BlobStore(IOptions<StoreOptions> options)
{
    public const string VerifySpan = "blob verify";
    public const string CommitSpan = "blob commit";

    /// <summary>Blobs never change once stored: read-only guards them against a stray write.</summary>
    private const UnixFileMode BlobMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The files stored whole at the same time (a snapshot's or a sync's small files) reach the disk in one sync.</summary>
    private readonly GroupFlush _flush = new();

    public string Root { get; } = Path.GetFullPath(options.Value.Root);

    public static string RelativeBlobPath(string sha256) => $"blobs/sha256/{RequireSha256(sha256)}";

    public string BlobPath(string sha256) => Path.Combine(Root, RelativeBlobPath(sha256));

    public bool Contains(string sha256) => File.Exists(BlobPath(sha256));

    /// <summary>
    /// The blob the bytes named <paramref name="sha256"/> are already stored as (a dedup hit, counted for <paramref name="type"/>),
    /// or null when the name is unknown or the store does not hold it.
    /// </summary>
    public StoredBlob? FindStored(string? sha256, long size, RepoType type)
    {
        if (sha256 is null || !Contains(sha256))
        {
            return null;
        }

        StoreTelemetry.RecordDedupHit(type);
        return new StoredBlob(sha256, size, RelativeBlobPath(sha256), Deduplicated: true);
    }

    /// <summary>
    /// Streams <paramref name="source"/> into the store if it keeps every promise of
    /// <paramref name="expected"/>; otherwise throws <see cref="ContentMismatchException"/> and stores nothing.
    /// </summary>
    /// <param name="tempName">Names the partial file in <c>temp/</c> (an artifact or job id).</param>
    public async Task<StoredBlob> StoreAsync(Stream source, ExpectedContent expected, string tempName, CancellationToken cancellationToken)
    {
        var tempPath = TempPath(tempName);
        try
        {
            var (sha256, gitSha1, size) = await WriteAndHashAsync(source, tempPath, expected, cancellationToken);
            using (var verifying = StoreTelemetry.StartBlobSpan(VerifySpan, expected))
            {
                Verify(verifying, expected, sha256, gitSha1, size);
            }

            return Commit(tempPath, sha256, size, expected);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    private async Task<(string Sha256, string? GitSha1, long Size)> WriteAndHashAsync(
        Stream source, string tempPath, ExpectedContent expected, CancellationToken cancellationToken)
    {
        try
        {
            using var hasher = new ContentHasher(expected);
            await using var file = CreateTemp(tempPath);
            var size = await hasher.CopyAsync(source, file, 0, null, cancellationToken);
            await _flush.FlushAsync(file.SafeFileHandle);
            var (sha256, gitSha1) = hasher.Finish();
            return (sha256, gitSha1, size);
        }
        catch (IOException e) when (StoreFullException.IsDiskFull(e) && e is not StoreFullException)
        {
            throw new StoreFullException(Path.GetFileName(tempPath), e);
        }
    }

    /// <summary>
    /// A new temp file, created with the blob's read-only mode (the handle opened for writing still writes), so that the
    /// blob needs no mode change once renamed. Its folder is made only when it is missing, and a crash's leftover of
    /// the same name is replaced: a file stored whole costs a few system calls fewer, thousands of times a second.
    /// </summary>
    private static FileStream CreateTemp(string tempPath)
    {
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = BlobMode;
        }

        try
        {
            return new FileStream(tempPath, create);
        }
        catch (IOException e) when (MissingFolder.Caused(e))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(tempPath)!);
        }
        catch (IOException) when (File.Exists(tempPath))
        {
            File.Delete(tempPath);
        }

        return new FileStream(tempPath, create);
    }

    private static void Verify(Activity? span, ExpectedContent expected, string sha256, string? gitSha1, long size)
    {
        span?.SetTag(StoreTelemetry.Sha256Attribute, sha256);
        if (Mismatch(expected, sha256, gitSha1, size) is { } problem)
        {
            var error = StoreTelemetry.Mismatch(expected, problem);
            span.Failed(error);
            throw error;
        }
    }

    private static string? Mismatch(ExpectedContent expected, string sha256, string? gitSha1, long size)
    {
        if (size != expected.Size)
        {
            return $"size mismatch: expected {expected.Size} bytes, got {size}";
        }

        if (expected.Sha256 is { } wantedSha256 && !wantedSha256.Equals(sha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"checksum mismatch: expected sha256 {wantedSha256}, got {sha256}";
        }

        return expected.GitBlobSha1 is { } wantedSha1 && !wantedSha1.Equals(gitSha1, StringComparison.OrdinalIgnoreCase)
            ? $"checksum mismatch: expected git blob {wantedSha1}, got {gitSha1}"
            : null;
    }

    private StoredBlob Commit(string tempPath, string sha256, long size, ExpectedContent expected)
    {
        using var span = StoreTelemetry.StartBlobSpan(CommitSpan, expected);
        span?.SetTag(StoreTelemetry.Sha256Attribute, sha256);
        var target = BlobPath(sha256);
        try
        {
            MoveIntoBlobs(tempPath, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another worker stored the same bytes earlier: theirs is as good as ours.
            File.Delete(tempPath);
            return Stored(span, expected, sha256, size, deduplicated: true);
        }

        return Stored(span, expected, sha256, size, deduplicated: false);
    }

    /// <summary>Never over a blob that exists; the blobs' folder is made only when it is missing.</summary>
    private static void MoveIntoBlobs(string tempPath, string target)
    {
        try
        {
            File.Move(tempPath, target, overwrite: false);
        }
        catch (IOException e) when (MissingFolder.Caused(e) && File.Exists(tempPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(tempPath, target, overwrite: false);
        }
    }

    private static StoredBlob Stored(Activity? span, ExpectedContent expected, string sha256, long size, bool deduplicated)
    {
        span?.SetTag(StoreTelemetry.DeduplicatedAttribute, deduplicated);
        if (deduplicated)
        {
            StoreTelemetry.RecordDedupHit(expected.RepoType);
        }

        return new StoredBlob(sha256, size, RelativeBlobPath(sha256), deduplicated);
    }

    /// <summary>The partial file of a download in <c>temp/</c>: <c>temp/&lt;name&gt;.part</c> (the folder made if missing).</summary>
    public string PartPath(string name)
    {
        var part = TempPath(name);
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        return part;
    }

    /// <summary>
    /// Verifies a completed partial file and moves it into the store (or drops it when the blob
    /// exists). <paramref name="sha256"/> is the hash computed while writing, when there was one;
    /// otherwise the file is hashed here, in one pass. On any mismatch the file is deleted and
    /// <see cref="ContentMismatchException"/> thrown: nothing enters <c>blobs/</c>. A verified file is
    /// synced to disk here, before it is moved, so callers need not sync it themselves.
    /// </summary>
    /// <param name="verified">Called once the bytes verify, before the sync and the move (which take seconds for gigabytes).</param>
    public async Task<StoredBlob> CommitPartAsync(
        string name, ExpectedContent expected, string? sha256, string? gitSha1, Action verified, CancellationToken cancellationToken)
    {
        var part = TempPath(name);
        try
        {
            var size = new FileInfo(part).Length;
            using (var verifying = StoreTelemetry.StartBlobSpan(VerifySpan, expected))
            {
                if (sha256 is null)
                {
                    (sha256, gitSha1) = await HashFileAsync(part, expected, cancellationToken);
                }

                Verify(verifying, expected, sha256, gitSha1, size);
            }

            verified();
            using (var handle = File.OpenHandle(part, FileMode.Open, FileAccess.ReadWrite))
            {
                RandomAccess.FlushToDisk(handle);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(part, BlobMode);
            }

            return Commit(part, sha256, size, expected);
        }
        catch
        {
            File.Delete(part);
            throw;
        }
    }

    private static async Task<(string Sha256, string? GitSha1)> HashFileAsync(string path, ExpectedContent expected, CancellationToken cancellationToken)
    {
        using var hasher = new ContentHasher(expected);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await hasher.CopyAsync(file, Stream.Null, 0, null, cancellationToken);
        return hasher.Finish();
    }

    /// <summary>
    /// Makes the readable copy <c>&lt;repository folder&gt;/&lt;commit&gt;/&lt;path&gt;</c> (<see cref="MetadataFolders"/>) of a
    /// stored blob: a hard link where the file system allows, a copy otherwise. Returns its path relative to the root.
    /// </summary>
    public string LinkIntoMetadata(string sha256, RepoType type, string repoId, string commit, string path)
    {
        var relative = $"{MetadataFolders.Of(type, repoId)}/{RequireHex(commit, 40)}/{path}";
        var target = RepoPaths.Resolve(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Delete(target);
        if (!HardLinks.TryCreate(BlobPath(sha256), target))
        {
            File.Copy(BlobPath(sha256), target);
        }

        return relative;
    }

    private string TempPath(string tempName)
    {
        if (tempName.Length is 0 or > 100 || !tempName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"'{tempName}' is not a valid temp file name", nameof(tempName));
        }

        return Path.Combine(Root, "temp", tempName + ".part");
    }

    private static string RequireSha256(string sha256) => RequireHex(sha256, 64);

    private static string RequireHex(string value, int length) =>
        value.Length == length && value.All(char.IsAsciiHexDigitLower)
            ? value
            : throw new ArgumentException($"'{value}' is not {length} lowercase hex digits", nameof(value));
}
