using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;

namespace ModelHub.IntegrationTests.Jobs;

/// <summary>"202 Accepted" is a promise: an accepted job runs, whatever happened to the broker or the Api.</summary>
[Collection(BrokerOutageCollection.Name)]
public sealed class NeverLostTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public async Task DisposeAsync() => await Broker.StartAsync();

    [Fact]
    public async Task When_jobs_are_accepted_while_the_broker_is_down_Should_run_them_all_once_it_is_back()
    {
        await Broker.StopAsync();

        for (var i = 0; i < 20; i++)
        {
            await _client.SubmitSyncAsync($"org/model-{i}");
        }

        (await fixture.WithDbAsync(db => db.Jobs.CountAsync(j => j.DispatchedAt == null))).ShouldBe(20);
        await Broker.StartAsync();

        var jobs = await fixture.Factory.WaitForAllJobsAsync(JobStateNames.Completed, expected: 20, seconds: 120);
        jobs.ShouldAllBe(j => j.Attempts == 1);
        fixture.SyncService.CommandsReceived.Values.ShouldAllBe(n => n == 1);
    }

    [Fact]
    public async Task When_the_Api_dies_before_announcing_a_job_Should_still_run_it()
    {
        // An Api that commits the job and dies before it can publish anything.
        Guid id;
        await using (var doomed = new ApiFactory(fixture.ConnectionString, fixture.RabbitMqConnectionString, services =>
            services.AddSingleton<IJobAnnouncer>(new DiesBeforePublishing())))
        {
            id = await doomed.CreateClient().SubmitSyncAsync("org/orphan");
        }

        var stranded = await fixture.WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.CorrelationId == id));
        stranded.CurrentState.ShouldBe(JobStateNames.Pending);
        stranded.DispatchedAt.ShouldBeNull();

        // The Api that runs on (restarted, or another instance) announces it again, and it runs.
        await _client.WaitForJobAsync(id, "completed");
        fixture.SyncService.CommandsReceived[id].ShouldBe(1);
    }

    private sealed class DiesBeforePublishing : IJobAnnouncer
    {
        public Task<bool> TryAnnounceAsync(JobState job, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}

/// <summary>
/// Stopping the broker stops it for every fixture: these tests run alone, after the others, on a
/// fixture of their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerOutageCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "broker-outage";
}
