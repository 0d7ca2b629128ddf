using System.Globalization;

namespace ModelHub.UpstreamSimulator.Files;

internal enum RangeKind
{
    Whole,
    Partial,
    Unsatisfiable,
}

/// <summary>A single-range <c>Range: bytes=…</c> request (<c>a-b</c>, <c>a-</c>, <c>-n</c>); anything else is served whole.</summary>
internal readonly record struct ByteRange(RangeKind Kind, long Start, long Length)
{
    public long End => Start + Length - 1;

    public static ByteRange Parse(string? header, long size)
    {
        var whole = new ByteRange(RangeKind.Whole, 0, size);
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return whole;
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return whole;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            return Suffix(last, size) ?? whole;
        }

        var end = long.MaxValue;
        if (!TryNumber(first, out var start) || (last.Length > 0 && !TryNumber(last, out end)) || end < start)
        {
            return whole;
        }

        if (start >= size)
        {
            return new ByteRange(RangeKind.Unsatisfiable, 0, 0);
        }

        var stop = Math.Min(end, size - 1);
        return new ByteRange(RangeKind.Partial, start, stop - start + 1);
    }

    private static ByteRange? Suffix(string count, long size)
    {
        if (!TryNumber(count, out var n))
        {
            return null;
        }

        return n == 0 || size == 0
            ? new ByteRange(RangeKind.Unsatisfiable, 0, 0)
            : new ByteRange(RangeKind.Partial, Math.Max(0, size - n), Math.Min(n, size));
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
