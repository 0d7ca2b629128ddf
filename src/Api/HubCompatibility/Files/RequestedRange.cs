using System.Globalization;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>The part of a file a request asks for: all of it, one range of it, or nothing it can have.</summary>
internal readonly record struct RequestedRange(long From, long Count, bool Partial, bool Unsatisfiable)
{
    /// <summary>
    /// One range of <c>Range: bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>. A header that does
    /// not parse, or asks for several ranges, is ignored (the whole file, as RFC 9110 allows).
    /// </summary>
    public static RequestedRange Parse(string? header, long size)
    {
        var whole = new RequestedRange(0, size, false, false);
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return whole;
        }

        var spec = header.AsSpan(6).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0 || !TryNumber(spec[..dash], out var first) | !TryNumber(spec[(dash + 1)..], out var last))
        {
            return whole;
        }

        if (first is null)
        {
            // bytes=-n: the last n bytes.
            return last is null or 0 ? new RequestedRange(0, 0, false, true) : Span(Math.Max(0, size - last.Value), size - 1, size);
        }

        return last is { } end && end < first ? whole : Span(first.Value, Math.Min(last ?? size - 1, size - 1), size);
    }

    private static RequestedRange Span(long from, long to, long size) =>
        from >= size ? new RequestedRange(0, 0, false, true) : new RequestedRange(from, to - from + 1, true, false);

    private static bool TryNumber(ReadOnlySpan<char> text, out long? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }

        return false;
    }
}
