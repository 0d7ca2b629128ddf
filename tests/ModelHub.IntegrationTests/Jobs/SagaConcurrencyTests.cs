using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.IntegrationTests.Jobs;

/// <summary>The job saga on PostgreSQL and RabbitMQ under concurrent messages for one job.</summary>
[Collection(ApiCollection.Name)]
public sealed class SagaConcurrencyTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_fifty_progress_reports_are_published_at_once_Should_apply_them_all_and_dead_letter_none()
    {
        fixture.SyncService.Behaviour = FakeSyncService.StartAndHold;
        var id = await _client.SubmitSyncAsync("org/busy");
        await _client.WaitForJobAsync(id, "running");
        var errorsBefore = await Broker.CountMessagesAsync(fixture.RabbitMqConnectionString, $"{QueueNames.JobLifecycle}_error");

        await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
            fixture.SyncService.Bus.Publish(new JobProgressed(id, 1, i * 1000L) { BytesTotal = 50_000 })));

        var job = await WaitUntilAsync(id, j => j.ProgressReports == 50);
        job.BytesDone.ShouldBe(50_000);
        (await Broker.CountMessagesAsync(fixture.RabbitMqConnectionString, $"{QueueNames.JobLifecycle}_error")).ShouldBe(errorsBefore);
    }

    [Fact]
    public async Task When_one_accepted_job_is_announced_eight_times_at_once_Should_send_one_command()
    {
        var job = JobState.NewPending(JobKind.Sync, """{"repo_id":"org/raced","revision":"main"}""", null, null, DateTimeOffset.UtcNow);
        await fixture.WithDbAsync(db =>
        {
            db.Jobs.Add(job);
            return db.SaveChangesAsync();
        });
        var announcement = new JobSubmitted { JobId = job.CorrelationId, Kind = "sync", Payload = job.Payload, SubmittedAt = job.CreatedAt };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.SyncService.Bus.Publish(announcement)));

        await _client.WaitForJobAsync(job.CorrelationId, "completed");
        // Once the saga has finished with all eight, any command they caused is in the SyncService's queue.
        await Poll.UntilAsync(() => fixture.ApiFinished.Snapshot().OfType<JobSubmitted>().Count(a => a.JobId == job.CorrelationId) >= 8,
            TimeSpan.FromSeconds(30), "the saga finished with the eight announcements");
        await fixture.SyncService.CatchUpAsync();
        fixture.SyncService.CommandsReceived[job.CorrelationId].ShouldBe(1);
    }

    private Task<JobState> WaitUntilAsync(Guid id, Func<JobState, bool> condition) =>
        Poll.UntilAsync(() => fixture.WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.CorrelationId == id)), condition,
            TimeSpan.FromSeconds(30), job => $"job {id} never met the condition: {job.ProgressReports} reports, {job.BytesDone} bytes");
}
