using ModelHub.Jobs.Records;

namespace ModelHub.Api.Management.Jobs;

/// <summary>A job and the Hub id of the repository it concerns, which the API shows beside it.</summary>
internal sealed record JobRow(JobState Job, string? RepoId)
{
    public JobResponse ToResponse() => JobResponse.From(Job, RepoId);
}
