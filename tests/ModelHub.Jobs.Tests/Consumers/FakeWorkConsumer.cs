using System.Net.Sockets;
using ModelHub.Jobs.Consumers;
using Npgsql;

namespace ModelHub.Jobs.Tests.Consumers;

/// <summary>
/// complete: reports 3 of 3 files and 1000 of 1000 bytes and says so; broken: an error on every try;
/// outage-once: the database unreachable on the first try only; verdict: a rule broken; hang: waits
/// until it is stopped.
/// </summary>
public sealed class FakeWorkConsumer(RunningJobs jobs) : JobConsumer<FakeWork>(FakeKind.Descriptor, jobs)
{
    protected override async Task<JobResult> RunAsync(FakeWork command, RunningJob job)
    {
        var tries = FakeKind.Tries.AddOrUpdate(command.JobId, 1, (_, n) => n + 1);
        switch (command.Behaviour)
        {
            case "broken":
                throw new IOException("the disk is gone");
            case "outage-once" when tries == 1:
                // What EF Core throws when PostgreSQL cannot be reached.
                throw new InvalidOperationException(
                    "An exception has been raised that is likely due to a transient failure.",
                    new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)));
            case "verdict":
                throw new InvalidOperationException("the artifact does not exist");
            case "hang":
                await Task.Delay(Timeout.Infinite, job.CancellationToken);
                break;
        }

        job.Progress.ExpectItems("files", 3);
        for (var i = 0; i < 3; i++)
        {
            await job.Progress.AddItemsAsync();
        }

        await job.Progress.ReportBytesAsync(1000, 1000);
        return JobResult.Completed("did the fake work", new FakeWorkDone(command.JobId));
    }
}

public sealed class FakeWorkConsumerDefinition() : JobConsumerDefinition<FakeWorkConsumer, FakeWork>(FakeKind.Descriptor, 4);
