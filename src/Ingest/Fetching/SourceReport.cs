using System.Globalization;

namespace ModelHub.Ingest.Fetching;

/// <summary>Which upstream gave which bytes of a stored file, and which were refused for serving wrong bytes.</summary>
/// <param name="Bytes">Bytes fetched now, by upstream, most first.</param>
/// <param name="KeptBytes">Bytes kept from an earlier attempt (verified with the rest; their source is not recorded).</param>
/// <param name="WrongBytesFrom">Upstreams not used because they served wrong bytes for this file.</param>
public sealed record SourceReport(IReadOnlyList<KeyValuePair<string, long>> Bytes, long KeptBytes, IReadOnlyList<string> WrongBytesFrom)
{
    public static readonly SourceReport None = new([], 0, []);

    /// <summary>E.g. "bytes from central 1,048,576, hub 2,048; 4,096 kept from an earlier attempt; hub-mirror refused: it served wrong bytes".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Bytes.Count > 0)
        {
            parts.Add("bytes from " + string.Join(", ", Bytes.Select(pair => $"{pair.Key} {Count(pair.Value)}")));
        }

        if (KeptBytes > 0)
        {
            parts.Add($"{Count(KeptBytes)} kept from an earlier attempt");
        }

        if (WrongBytesFrom.Count > 0)
        {
            parts.Add($"{string.Join(", ", WrongBytesFrom)} refused: served wrong bytes");
        }

        return string.Join("; ", parts);
    }

    private static string Count(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture);
}
