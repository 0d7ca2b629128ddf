using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Records;

namespace ModelHub.Jobs.Submission;

/// <summary>Publishes <see cref="JobSubmitted"/> for a committed job; the saga takes it from there.</summary>
public interface IJobAnnouncer
{
    /// <summary>Best effort: false when the broker could not take it now (the dispatcher tries again later).</summary>
    Task<bool> TryAnnounceAsync(JobState job, CancellationToken cancellationToken);
}
