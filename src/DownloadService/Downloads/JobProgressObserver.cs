using ModelHub.Ingest;
using ModelHub.Jobs.Progress;

namespace ModelHub.DownloadService.Downloads;

/// <summary>A download job's progress, as the ingest pipeline's fetch reports its bytes.</summary>
internal sealed class JobProgressObserver(JobProgress progress) : IIngestObserver
{
    public void Opened(string partPath, long size, long keptBytes)
    {
        progress.ExpectBytes(size);
        progress.ResumeBytes(keptBytes);
    }

    public ValueTask WroteAsync(int bytes) => progress.AddBytesAsync(bytes);

    public void Verified()
    {
    }
}
