using System.Buffers;
using System.Diagnostics;
using ModelHub.UpstreamSimulator.Content;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Files;

/// <summary>Streams file bytes, misbehaving as the body faults say (slow, cut short, aborted, corrupted).</summary>
internal static class BodyWriter
{
    private const int MaxChunk = 64 * 1024;

    public static async Task WriteAsync(HttpContext context, FileContent content, long start, long length, BodyFaults faults)
    {
        var cancel = context.RequestAborted;
        var limit = Math.Min(length, Math.Min(faults.DropAfter ?? long.MaxValue, faults.TruncateAfter ?? long.MaxValue));
        var chunkSize = faults.BytesPerSecond is { } rate ? (int)Math.Clamp(rate / 20, 1, MaxChunk) : MaxChunk;
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        var clock = Stopwatch.StartNew();
        try
        {
            for (long sent = 0; sent < limit;)
            {
                var count = (int)Math.Min(chunkSize, limit - sent);
                content.CopyTo(start + sent, buffer.AsSpan(0, count));
                if (faults.Corrupt)
                {
                    Corrupt(buffer.AsSpan(0, count), sent, length);
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, count), cancel);
                sent += count;
                if (faults.BytesPerSecond is { } bytesPerSecond)
                {
                    await ThrottleAsync(clock, sent, bytesPerSecond, cancel);
                }
            }

            if (faults.DropAfter is not null && limit < length)
            {
                await DropAsync(context);
            }

            // A truncated body just ends here: Kestrel sees fewer bytes than Content-Length and closes the connection.
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Flips the first byte and the middle one of the body: same length, different hash.
    private static void Corrupt(Span<byte> chunk, long chunkOffset, long bodyLength)
    {
        foreach (var target in new[] { 0, bodyLength / 2 })
        {
            var index = target - chunkOffset;
            if (index >= 0 && index < chunk.Length)
            {
                chunk[(int)index] ^= 0xFF;
            }
        }
    }

    private static async Task ThrottleAsync(Stopwatch clock, long sent, long bytesPerSecond, CancellationToken cancel)
    {
        var due = TimeSpan.FromSeconds((double)sent / bytesPerSecond);
        var ahead = due - clock.Elapsed;
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, cancel);
        }
    }

    private static async Task DropAsync(HttpContext context)
    {
        await context.Response.Body.FlushAsync(context.RequestAborted);

        // Give the transport a moment to put the flushed bytes on the wire before the reset.
        await Task.Delay(TimeSpan.FromMilliseconds(50), context.RequestAborted);
        context.Abort();
    }
}
