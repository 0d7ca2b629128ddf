using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// Sends part of a stored file by reading it straight into the response's own pipe, a large read at a time.
/// Kestrel has no sendfile(2) path on Linux: its <c>SendFileAsync</c> copies through a 16 KiB buffer of its
/// own and then into the pipe, one small read and flush at a time, so every byte is copied twice and every
/// 16 KiB flushed. Here a byte is copied once on its way from the page cache to the socket.
/// </summary>
internal static class StoredFileBody
{
    private const int ReadSize = 256 * 1024;

    /// <summary>A body this small is read in one call on the request's thread: an asynchronous read would hop to the thread pool for it.</summary>
    private const int SmallBody = 64 * 1024;

    public static async Task SendAsync(HttpResponse response, string path, long from, long count, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        await SendAsync(response, file, from, count, cancellationToken);
    }

    public static async Task SendAsync(HttpResponse response, SafeFileHandle file, long from, long count, CancellationToken cancellationToken)
    {
        if (count <= SmallBody)
        {
            ReadSmall(file, response.BodyWriter, from, (int)count);
            await response.BodyWriter.FlushAsync(cancellationToken);
            return;
        }

        await CopyAsync(file, response.BodyWriter, from, from + count, cancellationToken);
    }

    private static void ReadSmall(SafeFileHandle file, PipeWriter body, long offset, int count)
    {
        var span = body.GetSpan(count)[..count];
        for (var done = 0; done < count;)
        {
            var read = RandomAccess.Read(file, span[done..], offset + done);
            done += read > 0 ? read : throw EndsEarly(offset + done, offset + count);
        }

        body.Advance(count);
    }

    /// <summary>Bytes <paramref name="offset"/> to <paramref name="end"/> of <paramref name="file"/> into the response; false when the client has gone.</summary>
    public static async Task<bool> CopyAsync(SafeFileHandle file, PipeWriter body, long offset, long end, CancellationToken cancellationToken)
    {
        while (offset < end)
        {
            var memory = body.GetMemory((int)Math.Min(ReadSize, end - offset));
            var want = (int)Math.Min(memory.Length, end - offset);
            var read = await RandomAccess.ReadAsync(file, memory[..want], offset, cancellationToken);
            if (read == 0)
            {
                throw EndsEarly(offset, end);
            }

            body.Advance(read);
            offset += read;
            var flushed = await body.FlushAsync(cancellationToken);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return false;
            }
        }

        return true;
    }

    private static IOException EndsEarly(long at, long end) => new($"the stored file ends at byte {at}, before {end}");
}
