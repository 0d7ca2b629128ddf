using System.Threading.Channels;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.Ingest.SmallFiles;

/// <summary>
/// The small files of a commit as its tree is recorded, batch by batch (<see cref="SmallFileIngest.QueueBatchAsync"/>),
/// so that fetching starts with the first batch instead of after the last. Bounded: a tree listed faster than its
/// files are fetched waits instead of filling memory.
/// </summary>
public sealed class SmallFileQueue
{
    private readonly Channel<QueuedSmallFile> _files = Channel.CreateBounded<QueuedSmallFile>(
        new BoundedChannelOptions(4096) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private long _queuedBytes;

    /// <summary>The bytes of every file queued so far: the total of the progress, growing while the tree is listed.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    internal async ValueTask AddAsync(ModelArtifact artifact, string? knownSha256, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _queuedBytes, artifact.Size);
        await _files.Writer.WriteAsync(new QueuedSmallFile(artifact, knownSha256), cancellationToken);
    }

    /// <summary>No more files: the tree is recorded (or its listing failed, with <paramref name="error"/>).</summary>
    public void Complete(Exception? error = null) => _files.Writer.TryComplete(error);

    internal IAsyncEnumerable<QueuedSmallFile> ReadAllAsync(CancellationToken cancellationToken) => _files.Reader.ReadAllAsync(cancellationToken);
}
