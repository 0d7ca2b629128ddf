using System.Buffers;
using System.Diagnostics;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Files;

/// <summary>
/// Streams file bytes, misbehaving as the body faults say (slow, cut short, aborted, stalled, too long,
/// corrupted).
/// </summary>
internal static class BodyWriter
{
    private const int MaxChunk = 64 * 1024;

    // Where the request log finds how many body bytes a response handed to the server.
    private const string SentBytesKey = "sim.body-bytes";

    // What an oversize body sends after the file's own bytes.
    private const byte Filler = (byte)'*';

    public static async Task WriteAsync(HttpContext context, FileContent content, long start, long length, BodyFaults faults)
    {
        var cancel = context.RequestAborted;
        var end = faults.Oversize is { } oversize ? Add(length, oversize.ExtraBytes) : length;
        var limit = new[] { end, faults.DropAfter ?? long.MaxValue, faults.TruncateAfter ?? long.MaxValue, faults.StallAfter ?? long.MaxValue }.Min();
        var chunkSize = faults.BytesPerSecond is { } rate ? (int)Math.Clamp(rate / 20, 1, MaxChunk) : MaxChunk;
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (sent < limit)
            {
                var count = (int)Math.Min(chunkSize, limit - sent);
                Fill(content, start, length, sent, buffer.AsSpan(0, count));
                if (faults.Corrupt)
                {
                    Corrupt(buffer.AsSpan(0, count), sent, length);
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, count), cancel);
                sent += count;
                if (faults.DropEvery?.ServedAndDue(count) == true && sent < end)
                {
                    await DropAsync(context);
                    return;
                }

                if (faults.BytesPerSecond is { } bytesPerSecond)
                {
                    await ThrottleAsync(clock, sent, bytesPerSecond, cancel);
                }
            }

            if (faults.DropAfter is not null && limit < end)
            {
                await DropAsync(context);
            }
            else if (faults.StallAfter is not null && limit < end)
            {
                // Silent, but connected: only the client's own timeout ends this response.
                await context.Response.Body.FlushAsync(cancel);
                using (context.RequestServices.GetRequiredService<RepoCatalog>().HoldStalledBody())
                {
                    await Task.Delay(Timeout.Infinite, cancel);
                }
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
            context.Items[SentBytesKey] = sent;
        }
    }

    /// <summary>The body bytes the response handed to the server (whether or not the client took them all); 0 for no body.</summary>
    public static long SentBytes(HttpContext context) => context.Items.TryGetValue(SentBytesKey, out var sent) && sent is long bytes ? bytes : 0;

    /// <summary><paramref name="a"/> + <paramref name="b"/>, or <c>long.MaxValue</c> when that overflows.</summary>
    public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    // The file's bytes from start + sent, then (an oversize body) filler.
    private static void Fill(FileContent content, long start, long length, long sent, Span<byte> chunk)
    {
        var own = (int)Math.Clamp(length - sent, 0, chunk.Length);
        content.CopyTo(start + sent, chunk[..own]);
        chunk[own..].Fill(Filler);
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
