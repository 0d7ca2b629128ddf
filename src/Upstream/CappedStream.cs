namespace ModelHub.Upstream;

/// <summary>
/// A metadata answer read up to a cap: past it, <c>tooLong</c>'s error. A JSON answer that never ends
/// would otherwise fill memory for as long as <see cref="HubClientOptions.MetadataTimeout"/> lets it.
/// </summary>
internal sealed class CappedStream(Stream inner, long cap, Func<HubException> tooLong) : ReadOnlyWrapperStream(inner)
{
    private long _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken));

    public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

    private int Count(int read)
    {
        _read += read;
        return _read > cap ? throw tooLong() : read;
    }
}
