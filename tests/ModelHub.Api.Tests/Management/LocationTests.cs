using ModelHub.Api.Management.Jobs;
using ModelHub.Api.Management.Repositories;
using ModelHub.Contracts.Repositories;
using ModelHub.Jobs.Records;

namespace ModelHub.Api.Tests.Management;

/// <summary>The addresses accepted and created answers point at, built from the one management API prefix.</summary>
public sealed class LocationTests
{
    [Fact]
    public void When_a_job_is_accepted_Should_point_at_the_job()
    {
        var id = Guid.Parse("2d1a0000-803c-38d4-0a1d-08df5346d4b1");

        GetJobEndpoint.PathOf(id).ShouldBe("/v1/hub/jobs/2d1a0000-803c-38d4-0a1d-08df5346d4b1");
    }

    [Fact]
    public void When_downloads_are_accepted_Should_point_at_the_download_jobs()
    {
        ListJobsEndpoint.PathOf(JobKind.Download).ShouldBe("/v1/hub/jobs?kind=download");
    }

    [Fact]
    public void When_a_repository_is_registered_Should_point_at_the_repository()
    {
        GetRepositoryEndpoint.PathOf(RepoType.Model, "Wan-AI/Wan2.1-T2V-1.3B").ShouldBe("/v1/hub/models/Wan-AI/Wan2.1-T2V-1.3B");
        GetRepositoryEndpoint.PathOf(RepoType.Dataset, "org/data").ShouldBe("/v1/hub/datasets/org/data");
    }
}
