using System.Buffers;
using Microsoft.Win32.SafeHandles;
using ModelHub.Storage;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// Hashes a file being written out of order, in order: each chunk as soon as it and every chunk
/// before it are on disk (still in the page cache), so the hash is ready when the last byte lands
/// instead of costing a second pass over the whole file. A hashed chunk is handed to the disk at once
/// (<see cref="WriteBack"/>), so the fsync at the end does not find the whole file still to write.
/// </summary>
internal sealed class OrderedHasher : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly ContentHasher _hasher;
    private readonly TaskCompletionSource[] _written;
    private readonly long _chunk;
    private readonly long _size;

    public OrderedHasher(ExpectedContent expected, long chunk, int count)
    {
        _hasher = new ContentHasher(expected);
        _written = Enumerable.Range(0, count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        _chunk = chunk;
        _size = expected.Size;
    }

    public void Written(int index) => _written[index].TrySetResult();

    /// <summary>Stops the hasher when the download fails, so it does not wait for chunks that will never come.</summary>
    public void Abandon(Exception reason)
    {
        foreach (var chunk in _written)
        {
            chunk.TrySetException(reason);
        }
    }

    public async Task<(string Sha256, string? GitSha1)> HashAsync(SafeFileHandle file, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            for (var index = 0; index < _written.Length; index++)
            {
                await _written[index].Task.WaitAsync(cancellationToken);
                var start = index * _chunk;
                var end = Math.Min(start + _chunk, _size);
                var offset = start;
                while (offset < end)
                {
                    var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, (int)Math.Min(BufferSize, end - offset)), offset, cancellationToken);
                    if (read == 0)
                    {
                        throw new IOException($"the partial file ends at {offset}, before {end}");
                    }

                    _hasher.Append(buffer.AsSpan(0, read));
                    offset += read;
                }

                WriteBack.Start(file, start, end - start);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return _hasher.Finish();
    }

    public void Dispose() => _hasher.Dispose();
}
