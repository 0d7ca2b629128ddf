using ModelHub.Jobs.Records;

namespace ModelHub.TestSupport;

/// <summary>
/// Waiting on the job table itself, for many jobs at once or while the Api cannot be asked: the saga's
/// own row, so a wait sees exactly what the state machine wrote.
/// </summary>
public static class JobRows
{
    public static Task<List<JobState>> WaitForJobsAsync(
        Func<Task<List<JobState>>> read, Func<List<JobState>, bool> done, TimeSpan ceiling, string expected, TimeSpan? interval = null) =>
        Poll.UntilAsync(read, done, ceiling, jobs => $"expected {expected}; the {jobs.Count} jobs are {Describe(jobs)}", interval);

    /// <summary>How many jobs are in each state, e.g. "Completed: 18, Running: 2".</summary>
    public static string Describe(IEnumerable<JobState> jobs) =>
        string.Join(", ", jobs.GroupBy(j => j.CurrentState).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
}
