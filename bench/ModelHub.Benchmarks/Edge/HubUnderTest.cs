namespace ModelHub.Benchmarks.Edge;

/// <summary>One of the edge benchmark's two ModelHubs: its Api, the store it writes, the Api's process.</summary>
internal sealed record HubUnderTest(string Name, Uri Api, string Store, int ApiPid, HttpClient Client)
{
    public Uri ResolveUrl(string repo, BenchArtifact file) => new(Api, $"/{repo}/resolve/main/{file.Path}");

    public string BlobPath(BenchArtifact file) => Path.Combine(Store, "blobs", "sha256", file.Sha256);

    public bool Holds(BenchArtifact file) => File.Exists(BlobPath(file));

    /// <summary>Makes the file cold here: the blob goes, so the next request pulls it through again.</summary>
    public void Forget(BenchArtifact file) => File.Delete(BlobPath(file));

    /// <summary>
    /// Waits until the file's blob is committed: a pull-through answers the last byte before its fsync and rename, and the
    /// next step must not meet a commit still under way.
    /// </summary>
    public async Task WaitUntilHeldAsync(BenchArtifact file, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!Holds(file))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the {Name} did not store {file.Path} ({BlobPath(file)}) within {patience.TotalSeconds:F0} s of serving it");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
