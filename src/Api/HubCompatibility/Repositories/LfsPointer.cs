using System.Globalization;
using System.Text;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>The git-lfs pointer an LFS file is stored as in git (git-lfs spec v1), rebuilt from its SHA-256 and size.</summary>
internal static class LfsPointer
{
    public static byte[] Bytes(string sha256, long size) =>
        Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size.ToString(CultureInfo.InvariantCulture)}\n");

    public static int Size(string sha256, long size) => Bytes(sha256, size).Length;
}
