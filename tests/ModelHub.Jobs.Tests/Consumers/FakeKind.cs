using System.Collections.Concurrent;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;

namespace ModelHub.Jobs.Tests.Consumers;

/// <summary>A job kind's whole registration, as a new kind would write it.</summary>
public static class FakeKind
{
    public static JobKindDescriptor<FakeWork> Descriptor { get; } = new(JobKind.Scan, "fake-work",
        job => new FakeWork(job.CorrelationId, job.Attempts, job.Payload),
        command => new JobAttempt(command.JobId, command.Attempt));

    /// <summary>How many times each job's work began.</summary>
    public static ConcurrentDictionary<Guid, int> Tries { get; } = new();
}
