using System.Diagnostics;

namespace ModelHub.Benchmarks.Snapshots;

/// <summary>Asks for the first page of the jobs and of the repositories, one after the other, until told to stop: each answer's time.</summary>
internal static class ListingProbe
{
    public static async Task<(List<TimeSpan> Jobs, List<TimeSpan> Repositories)> RunUntilAsync(HttpClient api, Task until)
    {
        var (jobs, repositories) = (new List<TimeSpan>(), new List<TimeSpan>());
        while (!until.IsCompleted)
        {
            jobs.Add(await TimeAsync(api, "/v1/hub/jobs?limit=50"));
            repositories.Add(await TimeAsync(api, "/v1/hub/datasets?limit=50"));
            await Task.WhenAny(until, Task.Delay(50));
        }

        return (jobs, repositories);
    }

    private static async Task<TimeSpan> TimeAsync(HttpClient api, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await api.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        return clock.Elapsed;
    }
}
