using System.Buffers;
using System.Security.Cryptography;

namespace ModelHub.Storage;

/// <summary>
/// The hashes a file is checked against, computed as its bytes go by: SHA-256 always, and the git
/// blob SHA-1 when the upstream promised one (non-LFS files).
/// </summary>
public sealed class ContentHasher(ExpectedContent expected) : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash? _gitSha1 = expected.GitBlobSha1 is null ? null : GitBlobHash.Start(expected.Size);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        _sha256.AppendData(bytes);
        _gitSha1?.AppendData(bytes);
    }

    public (string Sha256, string? GitSha1) Finish() =>
        (Convert.ToHexStringLower(_sha256.GetHashAndReset()), _gitSha1 is null ? null : Convert.ToHexStringLower(_gitSha1.GetHashAndReset()));

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/> (up to <paramref name="limit"/> bytes),
    /// hashing every byte, through one pooled buffer of up to 1 MiB. More bytes than the file should have
    /// (<paramref name="alreadyCopied"/> + what comes) is a <see cref="ContentMismatchException"/>.
    /// </summary>
    /// <returns><paramref name="alreadyCopied"/> plus the bytes copied.</returns>
    public async Task<long> CopyAsync(
        Stream source, Stream target, long alreadyCopied, Func<int, ValueTask>? copied, CancellationToken cancellationToken, long limit = long.MaxValue)
    {
        // A small file needs no 1 MiB buffer: a sync's thousands of them would each take one from the pool (or the heap).
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expected.Size - alreadyCopied, 16 * 1024, BufferSize));
        var size = alreadyCopied;
        try
        {
            int read;
            while (limit > 0 && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit)), cancellationToken)) > 0)
            {
                size += read;
                limit -= read;
                if (size > expected.Size)
                {
                    throw StoreTelemetry.Mismatch(expected, $"size mismatch: expected {expected.Size} bytes, the upstream sent more (stopped reading at {size})");
                }

                Append(buffer.AsSpan(0, read));
                if (target is FileStream file)
                {
                    // A file's async write is a synchronous write queued to the thread pool (on Unix): writing in
                    // place saves a thread hop per chunk, which a sync's 100,000 small files pay 100,000 times.
                    file.Write(buffer, 0, read);
                }
                else
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                if (copied is not null)
                {
                    await copied(read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return size;
    }

    public void Dispose()
    {
        _sha256.Dispose();
        _gitSha1?.Dispose();
    }
}
