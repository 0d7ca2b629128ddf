namespace ModelHub.TestSupport;

/// <summary>
/// A temporary folder of a test's own, deleted with everything in it. The store makes its blobs read-only,
/// so each file is made writable first: a folder that held a store would not delete otherwise.
/// </summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Path, recursive: true);
    }
}
