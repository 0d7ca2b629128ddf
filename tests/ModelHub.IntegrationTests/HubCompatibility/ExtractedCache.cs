using System.Diagnostics;
using System.Security.Cryptography;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// A tar of ModelHub's export extracted with the machine's own <c>tar -x</c>, as a user on the far side of an air gap
/// would, and what the folder then holds: each entry's type, a link's target, a file's (or a link's) bytes' SHA-256.
/// </summary>
public static class ExtractedCache
{
    /// <summary>Pipes <paramref name="tar"/> into <c>tar -x -C <paramref name="folder"/></c>; throws with tar's own words when it refuses.</summary>
    public static async Task ExtractAsync(Stream tar, string folder)
    {
        var start = new ProcessStartInfo("tar", ["-x", "-C", folder])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await tar.CopyToAsync(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await errors);
    }

    /// <summary>Every entry under <paramref name="root"/> by its relative path (<c>/</c>-separated), in the shape hub-client-check.mjs writes.</summary>
    public static Dictionary<string, CacheEntry> Layout(string root)
    {
        var entries = new Dictionary<string, CacheEntry>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            entries[path] = entry switch
            {
                { LinkTarget: { } target } => new CacheEntry("symlink", target, Sha256(entry.FullName)),
                DirectoryInfo => new CacheEntry("directory", null, null),
                _ => new CacheEntry("file", null, Sha256(entry.FullName)),
            };
        }

        return entries;
    }

    private static string Sha256(string path)
    {
        using var bytes = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
