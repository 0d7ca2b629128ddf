using System.Globalization;

namespace ModelHub.IntegrationTests.Faults;

/// <summary>
/// The stack with its store on a tmpfs of its own, mounted small (<see cref="SmallBytes"/>) so that a download, a sync and a
/// pull-through meet a full disk, and grown by a remount when a test gives the space back. Mounting needs root, as
/// <c>./hub test</c> has in CI; elsewhere the fixture says so and its tests fail.
/// </summary>
public sealed class DiskFullFixture() : ServiceStackFixture("diskfull", realServer: true)
{
    public const long SmallBytes = 16L << 20;

    public const long RoomyBytes = 512L << 20;

    private bool _mounted;

    public override async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("the disk-full tests mount a small tmpfs for the store: run them as root (./hub test in CI is)");
        }

        await ExternalProcess.RunCheckedAsync("mount", "-t", "tmpfs", "-o", $"size={Format(SmallBytes)},mode=0755", "modelhub-small-disk", StoreRoot);
        _mounted = true;
        await base.InitializeAsync();
    }

    /// <summary>The store's disk made <paramref name="bytes"/> large (it must hold what is stored already).</summary>
    public Task ResizeAsync(long bytes) => ExternalProcess.RunCheckedAsync("mount", "-o", $"remount,size={Format(bytes)}", StoreRoot);

    public override async Task DisposeAsync()
    {
        if (_mounted)
        {
            // Lazily: the services still have files open there until the base stops them; the folder is then an empty one to remove.
            await ExternalProcess.RunAsync("umount", "-l", StoreRoot);
        }

        await base.DisposeAsync();
    }

    private static string Format(long bytes) => bytes.ToString(CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class DiskFullCollection : ICollectionFixture<DiskFullFixture>
{
    public const string Name = "disk-full";
}
