namespace ModelHub.UpstreamSimulator.Content;

/// <summary>
/// Bytes made on first need: a file that depends on many others (an index of 100,000 images) costs
/// nothing until a listing or a download asks for it.
/// </summary>
internal sealed class DeferredContent(Func<byte[]> make) : FileContent
{
    private readonly Lazy<byte[]> _bytes = new(make, LazyThreadSafetyMode.ExecutionAndPublication);

    public override long Length => _bytes.Value.Length;

    public override void CopyTo(long offset, Span<byte> destination) =>
        _bytes.Value.AsSpan(checked((int)offset), destination.Length).CopyTo(destination);
}
