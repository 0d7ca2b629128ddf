using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;

namespace ModelHub.ScanService.Scans;

/// <summary>Download jobs that fetch a quarantined or missing blob again, submitted as every job is.</summary>
internal sealed class RepairJobs(JobSubmitter submitter)
{
    public async Task<int> SubmitAsync(IReadOnlyCollection<(Guid ArtifactId, Guid RepositoryId)> artifacts, CancellationToken cancellationToken)
    {
        if (artifacts.Count == 0)
        {
            return 0;
        }

        var jobs = artifacts.Select(a => ((object)new DownloadPayload(a.ArtifactId), (Guid?)a.RepositoryId, (Guid?)a.ArtifactId)).ToList();
        return (await submitter.SubmitManyAsync(JobKind.Download, jobs, cancellationToken)).Count;
    }
}
