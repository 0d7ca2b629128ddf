namespace ModelHub.Storage;

/// <summary>
/// The store's disk had no room for the bytes (or the user's quota ran out): a condition of this machine, not of the upstream,
/// so a fetch does not retry it or ask another upstream. Its part file is gone, so that the space it took is free again.
/// </summary>
public sealed class StoreFullException(string what, IOException cause)
    : IOException($"the store's disk is full: no room to write {what} ({cause.Message}); free space in the store (or lower Scan:QuotaBytes and enforce it), then retry", cause)
{
    // errno on Linux and macOS (ENOSPC 28, EDQUOT 122 and 69); on Windows ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL.
    private static readonly HashSet<int> Codes = [28, 122, 69, unchecked((int)0x80070070), unchecked((int)0x80070027)];

    /// <summary>Whether <paramref name="failure"/> (or what it wraps) says the disk or the quota is full.</summary>
    public static bool IsDiskFull(Exception? failure) => failure switch
    {
        null => false,
        StoreFullException => true,
        IOException io when Codes.Contains(io.HResult) => true,
        _ => IsDiskFull(failure.InnerException),
    };
}
