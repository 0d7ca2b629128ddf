using System.Runtime.InteropServices;

namespace ModelHub.Storage;

/// <summary>
/// Which file a path names: its device and inode, from one <c>statx(2)</c>. A handle kept open between requests is
/// still the file at its path only while these match; .NET exposes neither, so the call is made directly (statx's
/// structure has one layout on every Linux architecture, unlike stat's).
/// </summary>
public readonly partial record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint WantInode = 0x100; // STATX_INO
    private const int NoSuchEntry = 2; // ENOENT
    private const int NotADirectory = 20; // ENOTDIR

    /// <summary>The identity of the file at <paramref name="path"/> (a link itself, not its target); false when nothing is there.</summary>
    public static bool TryOf(string path, out FileIdentity identity)
    {
        if (Statx(CurrentDirectory, path, NoFollow, WantInode, out var status) == 0)
        {
            identity = new FileIdentity(status.DeviceMajor, status.DeviceMinor, status.Inode);
            return true;
        }

        identity = default;
        var error = Marshal.GetLastPInvokeError();
        return error is NoSuchEntry or NotADirectory
            ? false
            : throw new IOException($"statx of {path} failed: {Marshal.GetPInvokeErrorMessage(error)}", error);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer status);

    /// <summary>The fields of <c>struct statx</c> read here, at their offsets in its 256 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }
}
