using ModelHub.Contracts.Repositories;
using ModelHub.Jobs.Records;

namespace ModelHub.Api.Management.Jobs;

/// <summary>A job and the Hub type and id of the repository it concerns, which the API shows beside it.</summary>
internal sealed record JobRow(JobState Job, RepoType? RepoType, string? RepoId)
{
    public JobResponse ToResponse() => JobResponse.From(Job, RepoType, RepoId);
}
