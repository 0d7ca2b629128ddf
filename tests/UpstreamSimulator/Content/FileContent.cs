using System.Buffers.Binary;
using System.Text;

namespace ModelHub.UpstreamSimulator.Content;

/// <summary>The bytes of one file, readable at any offset, so ranges and multi-GB files need no storage.</summary>
public abstract class FileContent
{
    public abstract long Length { get; }

    /// <summary>Fills <paramref name="destination"/> with the bytes that start at <paramref name="offset"/>.</summary>
    public abstract void CopyTo(long offset, Span<byte> destination);

    public byte[] ReadAllBytes()
    {
        var bytes = new byte[checked((int)Length)];
        CopyTo(0, bytes);
        return bytes;
    }

    public static FileContent FromText(string text) => new BytesContent(Encoding.UTF8.GetBytes(text));

    public static FileContent FromBytes(byte[] bytes) => new BytesContent(bytes);

    public static FileContent Generated(ulong seed, long length) => new SeededContent(seed, length);
}

internal sealed class BytesContent(byte[] bytes) : FileContent
{
    public override long Length => bytes.Length;

    public override void CopyTo(long offset, Span<byte> destination) =>
        bytes.AsSpan(checked((int)offset), destination.Length).CopyTo(destination);
}

/// <summary>
/// Counter-based pseudo-random bytes: word i is a SplitMix64 mix of (seed, i), so any range is
/// computed directly without generating what comes before it.
/// </summary>
internal sealed class SeededContent(ulong seed, long length) : FileContent
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public override long Length => length;

    public override void CopyTo(long offset, Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        var position = offset;
        var written = 0;
        while (written < destination.Length)
        {
            var index = position >> 3;
            var within = (int)(position & 7);
            if (within == 0 && destination.Length - written >= 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[written..], Word(index));
                written += 8;
                position += 8;
                continue;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(word, Word(index));
            var take = Math.Min(8 - within, destination.Length - written);
            word.Slice(within, take).CopyTo(destination[written..]);
            written += take;
            position += take;
        }
    }

    private ulong Word(long index) => Mix(seed + ((ulong)index * Golden));

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
