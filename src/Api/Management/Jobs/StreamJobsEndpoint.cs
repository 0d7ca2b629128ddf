using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Progress;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Jobs;

/// <summary>
/// <c>GET /v1/hub/jobs/stream?id=…</c>: server-sent events, one <c>job</c> event (the same JSON as
/// <c>GET /v1/hub/jobs/{id}</c>) each time a job's state or progress changes, for the jobs asked for
/// (every unfinished job when none is named). The stream ends when they have all finished.
/// </summary>
internal static class StreamJobsEndpoint
{
    private const int MaxJobs = 200;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(30);

    public static Results<ServerSentEventsResult<JobResponse>, ProblemHttpResult> Handle(
        [FromQuery(Name = "id")] Guid[]? ids, HttpResponse response, IServiceScopeFactory scopes, LiveProgress live, TimeProvider clock,
        CancellationToken cancellationToken) =>
        ids is { Length: > MaxJobs }
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Too many jobs.", detail: $"Follow at most {MaxJobs} jobs per stream.")
            : TypedResults.ServerSentEvents(StreamAsync(ids ?? [], response, scopes, live, clock, cancellationToken), "job");

    private static async IAsyncEnumerable<JobResponse> StreamAsync(
        Guid[] ids, HttpResponse response, IServiceScopeFactory scopes, LiveProgress live, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The status and headers go out at once: a stream with nothing to report yet (no unfinished job, an
        // id nobody knows) would otherwise leave its client without an answer until the first event.
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        var sent = new Dictionary<Guid, JobResponse>();
        var until = clock.GetUtcNow() + MaxDuration;
        using var timer = new PeriodicTimer(Tick, clock);
        do
        {
            var jobs = await ReadAsync(ids, scopes, live, cancellationToken);
            foreach (var job in jobs.Where(j => !sent.TryGetValue(j.Id, out var last) || Changed(last, j)))
            {
                sent[job.Id] = job;
                yield return job;
            }

            if (ids.Length > 0 && jobs.Count == ids.Length && jobs.All(j => j.State is "completed" or "failed" or "cancelled"))
            {
                yield break;
            }
        }
        while (clock.GetUtcNow() < until && await timer.WaitForNextTickAsync(cancellationToken));
    }

    private static async Task<List<JobResponse>> ReadAsync(Guid[] ids, IServiceScopeFactory scopes, LiveProgress live, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var jobs = ids.Length > 0
            ? db.Jobs.Where(j => ids.Contains(j.CorrelationId))
            : db.Jobs.Where(j => j.CurrentState == JobStateNames.Pending || j.CurrentState == JobStateNames.Running).OrderByDescending(j => j.CreatedAt).Take(MaxJobs);
        var rows = await db.WithRepoIds(jobs.AsNoTracking()).ToListAsync(cancellationToken);

        var responses = new List<JobResponse>(rows.Count);
        foreach (var row in rows)
        {
            var response = row.ToResponse();
            if (row.Job.CurrentState == JobStateNames.Running && await live.ReadAsync(row.Job.CorrelationId) is { } figures)
            {
                response = response with { Progress = JobProgressResponse.Live(figures) };
            }

            responses.Add(response);
        }

        return responses;
    }

    private static bool Changed(JobResponse last, JobResponse now) =>
        last.State != now.State || last.Progress != now.Progress || last.Attempts != now.Attempts || last.Error != now.Error;
}
