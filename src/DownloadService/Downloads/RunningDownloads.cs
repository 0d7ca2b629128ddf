using System.Collections.Concurrent;
using MassTransit;
using ModelHub.Contracts.Jobs;

namespace ModelHub.DownloadService.Downloads;

/// <summary>The downloads this instance is running, so a cancelled job's transfer can be stopped mid-file.</summary>
internal sealed class RunningDownloads
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    /// <summary>A token that ends when the job is cancelled or <paramref name="consumer"/> ends.</summary>
    public Registration Start(Guid jobId, CancellationToken consumer)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(consumer);
        _running[jobId] = source;
        DownloadTelemetry.ActiveDownloads.Add(1);
        return new Registration(this, jobId, source);
    }

    public bool Cancel(Guid jobId)
    {
        if (!_running.TryGetValue(jobId, out var source))
        {
            return false;
        }

        source.Cancel();
        return true;
    }

    internal sealed class Registration(RunningDownloads owner, Guid jobId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public bool WasCancelled => source.IsCancellationRequested;

        public void Dispose()
        {
            owner._running.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(jobId, source));
            source.Dispose();
            DownloadTelemetry.ActiveDownloads.Add(-1);
        }
    }
}

/// <summary>Every DownloadService instance hears of cancellations on a queue of its own, and stops the transfer if it runs it.</summary>
internal sealed class JobCancelledConsumer(RunningDownloads running, ILogger<JobCancelledConsumer> logger) : IConsumer<JobCancelled>
{
    public Task Consume(ConsumeContext<JobCancelled> context)
    {
        if (running.Cancel(context.Message.JobId))
        {
            logger.LogInformation("Stopping the download of cancelled job {JobId}", context.Message.JobId);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The job was cancelled while its bytes were coming: final, not retried.</summary>
internal sealed class DownloadCancelledException(Guid jobId) : Exception($"job {jobId} was cancelled");
