namespace ModelHub.UpstreamSimulator.Content;

/// <summary>Seeded bytes with a fixed head and tail laid over them; any range is still computed directly.</summary>
internal sealed class FramedContent : FileContent
{
    private readonly ulong _seed;
    private readonly long _length;
    private readonly byte[] _head;
    private readonly byte[] _tail;

    public FramedContent(ulong seed, long length, byte[] head, byte[] tail)
    {
        if (length < head.Length + tail.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The content must hold its head and its tail.");
        }

        _seed = seed;
        _length = length;
        _head = head;
        _tail = tail;
    }

    public override long Length => _length;

    public override void CopyTo(long offset, Span<byte> destination)
    {
        SeededContent.Fill(_seed, offset, destination);
        Overlay(_head, 0, offset, destination);
        Overlay(_tail, Length - _tail.Length, offset, destination);
    }

    // Copies the part of frame (placed at framePosition) that falls inside destination (placed at offset).
    private static void Overlay(byte[] frame, long framePosition, long offset, Span<byte> destination)
    {
        var start = Math.Max(framePosition, offset);
        var end = Math.Min(framePosition + frame.Length, offset + destination.Length);
        if (start < end)
        {
            frame.AsSpan((int)(start - framePosition), (int)(end - start)).CopyTo(destination[(int)(start - offset)..]);
        }
    }
}
