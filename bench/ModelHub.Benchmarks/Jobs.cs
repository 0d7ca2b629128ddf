using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelHub.Benchmarks;

/// <summary>Following a job through the REST API, as the benchmarks do.</summary>
internal static class Jobs
{
    /// <summary>Polls <c>GET /v1/hub/jobs/{id}</c> every <paramref name="poll"/> until it is completed, failed or cancelled.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient api, Guid id, TimeSpan poll, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            var job = await api.GetFromJsonAsync<JsonElement>($"/v1/hub/jobs/{id}");
            if (job.GetProperty("state").GetString() is "completed" or "failed" or "cancelled")
            {
                return job;
            }

            await Task.Delay(poll);
        }

        throw new TimeoutException($"job {id} did not finish within {patience.TotalMinutes} minutes");
    }
}
