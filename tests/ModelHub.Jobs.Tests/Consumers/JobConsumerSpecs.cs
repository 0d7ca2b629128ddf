using MassTransit;
using MassTransit.Testing;
using ModelHub.Contracts.Jobs;

namespace ModelHub.Jobs.Tests.Consumers;

/// <summary>The job-consumer shape, on a job kind of the tests' own: what it publishes, how a failure and a cancellation end.</summary>
public sealed class JobConsumerSpecs
{
    [Fact]
    public async Task When_the_work_completes_Should_publish_started_its_events_the_final_progress_and_completed()
    {
        await using var jobs = await ConsumerHarness.StartAsync();
        var id = jobs.Dispatched();

        await jobs.SendAsync(new FakeWork(id, 1, "complete"));

        var job = await jobs.ShouldReachAsync(id, m => m.Completed);
        job.Summary.ShouldBe("did the fake work");
        (await jobs.Harness.Published.Any<JobStarted>(m => m.Context.Message == new JobStarted(id, 1))).ShouldBeTrue();
        (await jobs.Harness.Published.Any<FakeWorkDone>(m => m.Context.Message.JobId == id)).ShouldBeTrue();
        var progressed = jobs.Harness.Published.Select<JobCompleted>(m => m.Context.Message.JobId == id).Single().Context.Message.FinalProgress!;
        (progressed.BytesDone, progressed.BytesTotal, progressed.ItemsDone, progressed.ItemsTotal, progressed.ItemsUnit)
            .ShouldBe((1000L, (long?)1000, (long?)3, (long?)3, "files"));
        await jobs.Harness.InactivityTask;
        jobs.Harness.Published.Select<JobFailed>().ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_work_fails_on_every_try_Should_fail_the_job_with_the_error_after_the_retries()
    {
        await using var jobs = await ConsumerHarness.StartAsync();
        var id = jobs.Dispatched();

        await jobs.SendAsync(new FakeWork(id, 1, "broken"));

        (await jobs.ShouldReachAsync(id, m => m.Failed)).Error.ShouldBe("the disk is gone");
        FakeKind.Tries[id].ShouldBe(4, "the definition's three retries come first");
        await jobs.Harness.InactivityTask;
        jobs.Harness.Published.Select<Fault<FakeWork>>(m => m.Context.Message.Message.JobId == id).Count().ShouldBe(1);
        jobs.Harness.Published.Select<JobCompleted>().ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_work_meets_a_database_outage_and_then_succeeds_Should_complete_the_job_without_failing_it()
    {
        await using var jobs = await ConsumerHarness.StartAsync();
        var id = jobs.Dispatched();

        await jobs.SendAsync(new FakeWork(id, 1, "outage-once"));

        await jobs.ShouldReachAsync(id, m => m.Completed);
        FakeKind.Tries[id].ShouldBe(2, "the definition's retry runs before anything fails the job");
        await jobs.Harness.InactivityTask;
        jobs.Harness.Published.Select<JobFailed>().ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_work_gives_a_verdict_Should_fail_the_job_at_once()
    {
        await using var jobs = await ConsumerHarness.StartAsync();
        var id = jobs.Dispatched();

        await jobs.SendAsync(new FakeWork(id, 1, "verdict"));

        (await jobs.ShouldReachAsync(id, m => m.Failed)).Error.ShouldBe("the artifact does not exist");
        FakeKind.Tries[id].ShouldBe(1);
    }

    [Fact]
    public async Task When_the_job_is_cancelled_while_its_work_runs_Should_stop_the_work_and_report_nothing_more()
    {
        await using var jobs = await ConsumerHarness.StartAsync();
        var id = jobs.Dispatched();
        await jobs.SendAsync(new FakeWork(id, 1, "hang"));
        await jobs.ShouldReachAsync(id, m => m.Running);

        await jobs.Harness.Bus.Publish(new CancelJob(id, "not needed"));

        (await jobs.ConsumedAsync<FakeWork>(m => m.Context.Message.JobId == id && m.Exception is null))
            .ShouldBeTrue("the work stopped, and its message ended without a fault");
        (await jobs.ShouldReachAsync(id, m => m.Cancelled)).Error.ShouldBe("cancelled: not needed");
        await jobs.Harness.InactivityTask;
        jobs.Harness.Published.Select<JobFailed>().ShouldBeEmpty();
        jobs.Harness.Published.Select<JobCompleted>().ShouldBeEmpty();
        jobs.Harness.Published.Select<Fault<FakeWork>>().ShouldBeEmpty();
        FakeKind.Tries[id].ShouldBe(1, "a cancelled job is not retried");
    }
}
