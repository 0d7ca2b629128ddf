namespace ModelHub.Ingest;

/// <summary>Follows a fetch as its bytes land in <c>temp/</c>: a job's progress, or clients reading the growing file.</summary>
public interface IIngestObserver
{
    /// <summary>
    /// The upstream answered and the partial file <paramref name="partPath"/> of a <paramref name="size"/>-byte
    /// file is open; its first <paramref name="keptBytes"/> bytes came from an earlier attempt (they count as
    /// done, not as fetched now).
    /// </summary>
    void Opened(string partPath, long size, long keptBytes);

    /// <summary>
    /// <paramref name="bytes"/> more bytes are in the partial file: in file order when the request asked for
    /// <see cref="IngestRequest.InOrder"/>, at any offset otherwise. Awaited by the writer.
    /// </summary>
    ValueTask WroteAsync(int bytes);
}
