using System.Security.Cryptography;

namespace ModelHub.IntegrationTests.HostileInput;

/// <summary>
/// "Nothing is written outside the store": what the fixture's own temporary folder holds besides the
/// store before a property runs, checked again after it, with every blob hashed against its name, and
/// no file or folder named after <see cref="HostileGen.Canary"/> in the folders a path trick could reach.
/// </summary>
public sealed class StoreGuard
{
    private readonly string _storeRoot;
    private readonly string _tempRoot;
    private readonly HashSet<string> _before;

    private StoreGuard(string storeRoot, string tempRoot)
    {
        _storeRoot = Path.GetFullPath(storeRoot);
        _tempRoot = Path.GetFullPath(tempRoot);
        _before = OutsideTheStore();
    }

    public static StoreGuard Watch(ServiceStackFixture fixture) => new(fixture.StoreRoot, fixture.TempRoot);

    public void ShouldHoldNothingNewOutsideTheStore()
    {
        OutsideTheStore().Except(_before).ShouldBeEmpty("written next to the store, outside it");

        var reachable = new[] { _tempRoot, Path.GetDirectoryName(_tempRoot)!, Path.GetTempPath(), "/", Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        reachable.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFileSystemEntries(folder, $"*{HostileGen.Canary}*", new EnumerationOptions { IgnoreInaccessible = true }))
            .ShouldBeEmpty("a file named by a request");

        ShouldHoldOnlyVerifiedBlobs(_storeRoot);
    }

    /// <summary>Every blob in the store is named by the SHA-256 of its bytes.</summary>
    public static void ShouldHoldOnlyVerifiedBlobs(string storeRoot)
    {
        var blobs = Path.Combine(storeRoot, "blobs", "sha256");
        foreach (var blob in Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs) : [])
        {
            using var stream = File.OpenRead(blob);
            Convert.ToHexStringLower(SHA256.HashData(stream)).ShouldBe(Path.GetFileName(blob), $"{blob} holds other bytes than its name says");
        }
    }

    private HashSet<string> OutsideTheStore() =>
        Directory.EnumerateFileSystemEntries(_tempRoot, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(entry => !entry.StartsWith(_storeRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) && entry != _storeRoot)
            .ToHashSet(StringComparer.Ordinal);
}
