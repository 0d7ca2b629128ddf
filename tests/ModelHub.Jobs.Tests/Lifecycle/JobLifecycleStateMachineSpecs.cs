using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Sync;

namespace ModelHub.Jobs.Tests.Lifecycle;

public sealed class JobLifecycleStateMachineSpecs
{
    [Fact]
    public async Task When_a_job_is_submitted_Should_be_pending_and_send_its_command_once()
    {
        await using var jobs = await JobHarness.StartAsync();

        var id = await jobs.SubmitSyncAsync();

        var job = await jobs.ShouldReachAsync(id, m => m.Pending);
        job.DispatchedAt.ShouldNotBeNull();
        job.Attempts.ShouldBe(1);
        (await jobs.CommandsSentAsync(id)).ShouldBe(1);
        var command = jobs.Harness.Sent.Select<SyncRepository>().Single().Context.Message;
        command.ShouldBe(new SyncRepository(id, "org/model", "main") { Attempt = 1 });
    }

    [Fact]
    public async Task When_the_same_submission_arrives_again_Should_not_send_a_second_command()
    {
        await using var jobs = await JobHarness.StartAsync();

        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Pending);
        await jobs.PublishAsync(JobHarness.Announcement(id));

        (await jobs.CommandsSentAsync(id)).ShouldBe(1);
        await jobs.ShouldHaveNoFaultsAsync();
    }

    [Fact]
    public async Task When_the_broker_does_not_take_a_retried_jobs_command_Should_stay_undispatched_until_announced_again()
    {
        var refusals = 1;
        await using var jobs = await JobHarness.StartAsync(
            context => context.Message.Attempt == 1 ? context.Publish(new JobFailed(context.Message.JobId, 1, "flaky")) : Task.CompletedTask,
            bus => bus.ConfigureSend(send => send.UseSendExecute(context =>
            {
                if (context is SendContext<SyncRepository> { Message.Attempt: 2 } && Interlocked.Decrement(ref refusals) >= 0)
                {
                    throw new IOException("the broker went away");
                }
            })));
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Failed);

        await jobs.PublishAsync(new RetryJob(id));

        var job = await jobs.ShouldReachAsync(id, m => m.Pending);
        await jobs.Harness.InactivityTask;
        job.Attempts.ShouldBe(2);
        job.DispatchedAt.ShouldBeNull();

        // What the Api's dispatcher does with a Pending job whose command is not out.
        await jobs.PublishAsync(JobHarness.Announcement(id));

        (await jobs.WaitUntilAsync(id, j => j.DispatchedAt is not null)).Attempts.ShouldBe(2);
        await jobs.ShouldHaveNoFaultsAsync();
        jobs.Harness.Sent.Select<SyncRepository>().Select(m => m.Context.Message.Attempt).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task When_the_service_starts_reports_progress_and_completes_Should_be_completed_with_the_final_figures()
    {
        await using var jobs = await JobHarness.StartAsync(async context =>
        {
            var (id, attempt) = (context.Message.JobId, context.Message.Attempt);
            await context.Publish(new JobStarted(id, attempt));
            await context.Publish(new JobProgressed(id, attempt, 400) { BytesTotal = 1000 });
        });

        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Running);
        var running = await jobs.WaitUntilAsync(id, j => j.BytesDone == 400);
        running.StartedAt.ShouldNotBeNull();

        await jobs.PublishAsync(new JobCompleted(id, 1));

        var job = await jobs.ShouldReachAsync(id, m => m.Completed);
        job.FinishedAt.ShouldNotBeNull();
        job.BytesDone.ShouldBe(1000);
        job.Error.ShouldBeNull();
    }

    [Fact]
    public async Task When_the_completion_carries_the_final_figures_Should_show_them_as_it_completes()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Pending);

        await jobs.PublishAsync(new JobCompleted(id, 1) { FinalProgress = new JobProgressed(id, 1, 1300) { ItemsDone = 3, ItemsUnit = "files" } });

        var job = await jobs.ShouldReachAsync(id, m => m.Completed);
        (job.BytesDone, job.ItemsDone, job.ItemsUnit).ShouldBe((1300L, 3L, "files"), "no separate report is needed for the figures");
    }

    [Fact]
    public async Task When_the_failure_carries_the_final_figures_Should_show_them_as_it_fails()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Pending);

        await jobs.PublishAsync(new JobFailed(id, 1, "2 files failed") { FinalProgress = new JobProgressed(id, 1, 700) { BytesTotal = 1000 } });

        var job = await jobs.ShouldReachAsync(id, m => m.Failed);
        (job.BytesDone, job.BytesTotal).ShouldBe((700L, (long?)1000));
    }

    [Fact]
    public async Task When_a_progress_report_arrives_late_Should_not_move_progress_backwards()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Pending);

        await jobs.PublishAsync(new JobProgressed(id, 1, 700) { BytesTotal = 1000 });
        await jobs.ShouldReachAsync(id, m => m.Running);
        await jobs.PublishAsync(new JobProgressed(id, 1, 300));

        var job = await jobs.WaitUntilAsync(id, j => j.ProgressReports == 2);
        job.BytesDone.ShouldBe(700);
    }

    [Fact]
    public async Task When_the_final_progress_arrives_after_the_completion_Should_keep_its_figures()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Pending);

        await jobs.PublishAsync(new JobCompleted(id, 1));
        await jobs.ShouldReachAsync(id, m => m.Completed);
        await jobs.PublishAsync(new JobProgressed(id, 1, 1000) { BytesTotal = 1000 });

        var job = await jobs.WaitUntilAsync(id, j => j.ProgressReports == 1);
        (job.CurrentState, job.BytesDone, job.BytesTotal).ShouldBe(("Completed", 1000L, (long?)1000));
    }

    [Fact]
    public async Task When_the_final_progress_arrives_after_the_failure_Should_keep_its_figures()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Pending);

        await jobs.PublishAsync(new JobFailed(id, 1, "1 of 5 files failed (extra.bin)"));
        await jobs.ShouldReachAsync(id, m => m.Failed);
        await jobs.PublishAsync(new JobProgressed(id, 1, 35) { BytesTotal = 8388643, ItemsDone = 4, ItemsTotal = 5, ItemsUnit = "files" });

        var job = await jobs.WaitUntilAsync(id, j => j.ProgressReports == 1);
        (job.CurrentState, job.ItemsDone, job.ItemsTotal, job.BytesDone).ShouldBe(("Failed", 4L, (long?)5, 35L));
    }

    [Fact]
    public async Task When_the_service_reports_a_failure_Should_be_failed_with_its_error()
    {
        await using var jobs = await JobHarness.StartAsync(context =>
            context.Publish(new JobFailed(context.Message.JobId, context.Message.Attempt, "revision not found: nope")));

        var id = await jobs.SubmitSyncAsync();

        var job = await jobs.ShouldReachAsync(id, m => m.Failed);
        job.Error.ShouldBe("revision not found: nope");
        job.FinishedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task When_the_command_faults_Should_be_failed_with_the_exception_message()
    {
        await using var jobs = await JobHarness.StartAsync(_ => throw new InvalidOperationException("upstream said 500 five times"));

        var id = await jobs.SubmitSyncAsync();

        var job = await jobs.ShouldReachAsync(id, m => m.Failed);
        job.Error.ShouldBe("upstream said 500 five times");
    }

    [Fact]
    public async Task When_cancelled_while_pending_Should_be_cancelled()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Pending);

        await jobs.PublishAsync(new CancelJob(id, "not needed"));

        var job = await jobs.ShouldReachAsync(id, m => m.Cancelled);
        job.Error.ShouldBe("cancelled: not needed");
        job.FinishedAt.ShouldNotBeNull();
        (await jobs.Harness.Published.Any<JobCancelled>(m => m.Context.Message.JobId == id)).ShouldBeTrue("a service still working on it must hear");
    }

    [Fact]
    public async Task When_cancelled_while_running_Should_be_cancelled_and_ignore_the_services_late_completion()
    {
        await using var jobs = await JobHarness.StartAsync(context => context.Publish(new JobStarted(context.Message.JobId, 1)));
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Running);

        await jobs.PublishAsync(new CancelJob(id));
        await jobs.ShouldReachAsync(id, m => m.Cancelled);
        await jobs.PublishAsync(new JobCompleted(id, 1));
        await jobs.PublishAsync(new JobStarted(id, 1));

        await jobs.ShouldHaveNoFaultsAsync();
        jobs.Saga.Sagas.Contains(id)!.CurrentState.ShouldBe("Cancelled");
    }

    [Fact]
    public async Task When_a_completed_job_gets_late_or_duplicate_events_Should_stay_completed_without_faults()
    {
        await using var jobs = await JobHarness.StartAsync(async context =>
        {
            await context.Publish(new JobStarted(context.Message.JobId, 1));
            await context.Publish(new JobCompleted(context.Message.JobId, 1));
        });
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Completed);

        await jobs.PublishAsync(new JobStarted(id, 1));
        await jobs.PublishAsync(new JobFailed(id, 1, "too late"));
        await jobs.PublishAsync(new CancelJob(id));
        await jobs.PublishAsync(new RetryJob(id));
        await jobs.PublishAsync(JobHarness.Announcement(id));

        await jobs.ShouldHaveNoFaultsAsync();
        var job = jobs.Saga.Sagas.Contains(id)!;
        job.CurrentState.ShouldBe("Completed");
        job.Error.ShouldBeNull();
        (await jobs.CommandsSentAsync(id)).ShouldBe(1);
    }

    [Fact]
    public async Task When_a_failed_job_is_retried_Should_run_again_as_attempt_two()
    {
        var calls = 0;
        await using var jobs = await JobHarness.StartAsync(context =>
            Interlocked.Increment(ref calls) == 1
                ? context.Publish(new JobFailed(context.Message.JobId, context.Message.Attempt, "flaky"))
                : context.Publish(new JobCompleted(context.Message.JobId, context.Message.Attempt)));
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Failed);

        await jobs.PublishAsync(new RetryJob(id));

        var job = await jobs.ShouldReachAsync(id, m => m.Completed);
        job.Attempts.ShouldBe(2);
        job.Error.ShouldBeNull();
        jobs.Harness.Sent.Select<SyncRepository>().Select(m => m.Context.Message.Attempt).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task When_a_cancelled_job_is_retried_Should_be_pending_again()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = await jobs.SubmitSyncAsync();
        await jobs.ShouldReachAsync(id, m => m.Pending);
        await jobs.PublishAsync(new CancelJob(id));
        await jobs.ShouldReachAsync(id, m => m.Cancelled);

        await jobs.PublishAsync(new RetryJob(id));

        var job = await jobs.ShouldReachAsync(id, m => m.Pending);
        job.Attempts.ShouldBe(2);
        job.FinishedAt.ShouldBeNull();
        (await jobs.CommandsSentAsync(id)).ShouldBe(2);
    }

    [Fact]
    public async Task When_an_event_of_an_earlier_attempt_arrives_after_a_retry_Should_ignore_it()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = await jobs.SubmitSyncAsync();
        await jobs.PublishAsync(new JobFailed(id, 1, "first attempt failed"));
        await jobs.ShouldReachAsync(id, m => m.Failed);
        await jobs.PublishAsync(new RetryJob(id));
        await jobs.ShouldReachAsync(id, m => m.Pending);

        await jobs.PublishAsync(new JobFailed(id, 1, "the first attempt's failure, delivered again"));
        await jobs.PublishAsync(new JobCompleted(id, 1));

        await jobs.ShouldHaveNoFaultsAsync();
        var job = jobs.Saga.Sagas.Contains(id)!;
        job.CurrentState.ShouldBe("Pending");
        job.Error.ShouldBeNull();
    }

    [Fact]
    public async Task When_events_arrive_for_an_unknown_job_Should_discard_them_without_faults()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = NewId.NextGuid();

        await jobs.PublishAsync(new JobStarted(id, 1));
        await jobs.PublishAsync(new JobCompleted(id, 1));
        await jobs.PublishAsync(new CancelJob(id));

        await jobs.ShouldHaveNoFaultsAsync();
        jobs.Saga.Sagas.Contains(id).ShouldBeNull();
    }

    [Fact]
    public async Task When_a_job_without_a_row_is_announced_Should_discard_it_and_send_nothing()
    {
        await using var jobs = await JobHarness.StartAsync();
        var id = NewId.NextGuid();

        await jobs.PublishAsync(JobHarness.Announcement(id));

        await jobs.ShouldHaveNoFaultsAsync();
        jobs.Saga.Sagas.Contains(id).ShouldBeNull();
        (await jobs.CommandsSentAsync(id)).ShouldBe(0);
    }
}
