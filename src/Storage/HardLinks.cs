using System.Runtime.InteropServices;

namespace ModelHub.Storage;

/// <summary>.NET has no hard-link API, so link(2) is called directly; callers fall back to a copy.</summary>
internal static partial class HardLinks
{
    public static bool TryCreate(string existing, string link) =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? Link(existing, link) == 0 : false;

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string link);
}
