using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;

namespace ModelHub.IntegrationTests.Infrastructure;

public static class JobPolling
{
    /// <summary>Polls <c>GET /v1/hub/jobs/{id}</c> until the job is in <paramref name="state"/>, for at most <paramref name="seconds"/>.</summary>
    public static async Task<JsonNode> WaitForJobAsync(this HttpClient client, Guid id, string state, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        JsonNode? job = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            job = await (await client.GetAsync($"/v1/hub/jobs/{id}")).ReadJsonAsync();
            if (job["state"]?.GetValue<string>() == state)
            {
                return job;
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException($"job {id} is not {state} after {seconds} s: {job?.ToJsonString()}");
    }

    /// <summary>Waits until every job of the database is in a finished state, for at most <paramref name="seconds"/>.</summary>
    public static async Task<List<JobState>> WaitForAllJobsAsync(this ApiFixture fixture, string state, int expected, int seconds)
    {
        var clock = Stopwatch.StartNew();
        List<JobState> jobs = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            jobs = await fixture.WithDbAsync(db => db.Jobs.AsNoTracking().ToListAsync());
            if (jobs.Count == expected && jobs.All(j => j.CurrentState == state))
            {
                return jobs;
            }

            await Task.Delay(200);
        }

        var states = string.Join(", ", jobs.GroupBy(j => j.CurrentState).Select(g => $"{g.Key}: {g.Count()}"));
        throw new ShouldAssertException($"after {seconds} s, {jobs.Count} jobs (expected {expected}) are {states}, not all {state}");
    }

    public static async Task<Guid> SubmitSyncAsync(this HttpClient client, string repoId)
    {
        var response = await client.PostAsJsonAsync("/v1/hub/sync", new { repo_id = repoId });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }
}
