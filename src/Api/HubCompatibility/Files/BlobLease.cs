using Microsoft.Win32.SafeHandles;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// A blob's open handle, lent to one request by <see cref="OpenBlobs"/>. While lent it stays open, even if the blob's
/// kept handle is closed meanwhile; disposing the lease gives it back (and closes a handle nobody keeps).
/// </summary>
internal sealed class BlobLease : IDisposable
{
    private readonly bool _owned;
    private int _returned;

    private BlobLease(SafeFileHandle handle, bool owned) => (Handle, _owned) = (handle, owned);

    public SafeFileHandle Handle { get; }

    /// <summary>A lease of a handle <see cref="OpenBlobs"/> keeps; null when it was closed meanwhile.</summary>
    public static BlobLease? Borrow(SafeFileHandle kept)
    {
        var added = false;
        try
        {
            kept.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }

        return added ? new BlobLease(kept, owned: false) : null;
    }

    /// <summary>A lease of a handle nobody keeps: closed when the lease is.</summary>
    public static BlobLease Own(SafeFileHandle handle) => new(handle, owned: true);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 1)
        {
            return;
        }

        if (_owned)
        {
            Handle.Dispose();
        }
        else
        {
            Handle.DangerousRelease();
        }
    }
}
