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

    /// <summary>
    /// Every byte is in the partial file and matches the expected size and hash; the move into the store (a sync to
    /// disk, a rename, the file's row) follows. Readers of the partial file may send its last bytes from here on.
    /// </summary>
    void Verified();
}
