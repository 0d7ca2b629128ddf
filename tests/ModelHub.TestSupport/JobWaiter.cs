using System.Text.Json.Nodes;

namespace ModelHub.TestSupport;

/// <summary>
/// Following a job through <c>GET /v1/hub/jobs/{id}</c> until it reaches a state. The ceilings are generous:
/// a job crosses the Api, the broker, the saga and a worker, all sharing a small machine with other tests.
/// </summary>
public static class JobWaiter
{
    /// <summary>The states a job leaves only when someone retries it.</summary>
    public static readonly IReadOnlySet<string> FinalStates = new HashSet<string>(StringComparer.Ordinal) { "completed", "failed", "cancelled" };

    public static async Task<JsonNode> GetJobAsync(this HttpClient api, Guid id, CancellationToken cancellationToken = default)
    {
        using var response = await api.GetAsync($"/v1/hub/jobs/{id}", cancellationToken);
        return await response.ReadJsonAsync(cancellationToken);
    }

    public static string? State(this JsonNode job) => job["state"]?.GetValue<string>();

    /// <summary>How long the job ran by its own timestamps (started_at → finished_at), once it has both.</summary>
    public static double? RunSeconds(this JsonNode job) =>
        job["started_at"]?.GetValue<DateTimeOffset>() is { } started && job["finished_at"]?.GetValue<DateTimeOffset>() is { } finished
            ? (finished - started).TotalSeconds
            : null;

    /// <summary>The job once it is in <paramref name="state"/>, read every 100 ms for at most <paramref name="seconds"/>.</summary>
    public static Task<JsonNode> WaitForJobAsync(this HttpClient api, Guid id, string state, int seconds = 30) =>
        Poll.UntilAsync(() => api.GetJobAsync(id), job => job.State() == state, TimeSpan.FromSeconds(seconds),
            job => $"job {id} is not {state}: {job.ToJsonString()}");

    /// <summary>Every job once it is in <paramref name="state"/>, each followed at the same time as the others.</summary>
    public static Task<JsonNode[]> WaitForJobsAsync(this HttpClient api, IEnumerable<Guid> ids, string state, int seconds = 30) =>
        Task.WhenAll(ids.Select(id => api.WaitForJobAsync(id, state, seconds)));

    /// <summary>The job once it is completed, failed or cancelled.</summary>
    public static Task<JsonNode> WaitForJobToEndAsync(this HttpClient api, Guid id, TimeSpan patience, TimeSpan? interval = null) =>
        Poll.UntilAsync(() => api.GetJobAsync(id), job => job.State() is { } state && FinalStates.Contains(state), patience,
            job => $"job {id} has not ended: {job.ToJsonString()}", interval);

    /// <summary>The job once it has ended, which must be completed: a run that depends on its work stops here otherwise.</summary>
    public static async Task<JsonNode> WaitForJobToCompleteAsync(this HttpClient api, Guid id, TimeSpan patience, TimeSpan? interval = null)
    {
        var job = await api.WaitForJobToEndAsync(id, patience, interval);
        return job.State() == "completed"
            ? job
            : throw new InvalidOperationException($"the {job["kind"]} job {id} ended {job.State()}: {job["error"]}");
    }

    /// <summary>Syncs a repository (registering it first if needed) and waits for the job to be in <paramref name="state"/>.</summary>
    public static async Task<JsonNode> SyncAsync(this HttpClient api, string repoId, string state = "completed", int seconds = 60) =>
        await api.WaitForJobAsync(await api.SubmitSyncAsync(repoId), state, seconds);

    /// <summary>The same for a dataset.</summary>
    public static async Task<JsonNode> SyncDatasetAsync(this HttpClient api, string repoId, string state = "completed", int seconds = 60) =>
        await api.WaitForJobAsync(await api.SubmitSyncAsync(repoId, "dataset"), state, seconds);

    /// <summary>Downloads one artifact and waits for its job to be in <paramref name="state"/>.</summary>
    public static async Task<JsonNode> DownloadAsync(this HttpClient api, Guid artifactId, string state = "completed", int seconds = 60) =>
        await api.WaitForJobAsync(await api.SubmitDownloadAsync(artifactId), state, seconds);

    /// <summary>Starts a scan and waits for its job to be in <paramref name="state"/>.</summary>
    public static async Task<JsonNode> ScanAsync(this HttpClient api, object request, string state = "completed", int seconds = 60) =>
        await api.WaitForJobAsync(await api.SubmitScanAsync(request), state, seconds);
}
