using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ModelHub.Api.Management.Conventions;
using ModelHub.Contracts.Repositories;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Jobs;

internal static class ListJobsEndpoint
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Where the jobs of <paramref name="kind"/> are listed.</summary>
    public static string PathOf(JobKind kind) => $"{ManagementApi.Prefix}/jobs?kind={kind.ToSnakeCase()}";

    /// <summary>Newest first, keyset-paged on (created_at, id).</summary>
    public static async Task<Results<Ok<JobPage>, ValidationProblem>> HandleAsync(
        ModelHubDbContext db,
        CancellationToken cancellationToken,
        string? kind = null,
        string? state = null,
        [FromQuery(Name = "repo_id")] string? repoId = null,
        [FromQuery(Name = "repo_type")] string? repoType = null,
        DateTimeOffset? since = null,
        int? limit = null,
        string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>();
        var pageSize = Paging.Limit(errors, limit, DefaultLimit, MaxLimit);

        JobKind? kindFilter = null;
        if (kind is not null)
        {
            if (SnakeCaseEnums.TryParseSnakeCase<JobKind>(kind, out var parsedKind))
            {
                kindFilter = parsedKind;
            }
            else
            {
                errors["kind"] = [$"kind must be one of: {string.Join(", ", SnakeCaseEnums.SnakeCaseNames<JobKind>())}."];
            }
        }

        var stateFilter = state is null ? null : JobStateNames.All.FirstOrDefault(s => s.Equals(state, StringComparison.OrdinalIgnoreCase));
        if (state is not null && stateFilter is null)
        {
            errors["state"] = [$"state must be one of: {string.Join(", ", JobStateNames.All.Select(s => s.ToLowerInvariant()))}."];
        }

        errors.CheckOptionalRepoId(repoId);
        var typeFilter = repoType is null ? (RepoType?)null : errors.CheckOptionalRepoType(repoType);

        var after = Paging.After(errors, cursor, JobCursor.Parse);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not valid.");
        }

        var jobs = db.Jobs.AsNoTracking();
        if (kindFilter is { } wantedKind)
        {
            jobs = jobs.Where(j => j.Kind == wantedKind);
        }

        if (stateFilter is not null)
        {
            jobs = jobs.Where(j => j.CurrentState == stateFilter);
        }

        // A repo id alone names the model and the dataset of that id, if both exist.
        if (repoId is not null || typeFilter is not null)
        {
            var repositories = db.Repositories.AsQueryable();
            repositories = repoId is null ? repositories : repositories.Where(r => r.RepoId == repoId);
            repositories = typeFilter is not { } type ? repositories : repositories.Where(r => r.RepoType == type);
            jobs = jobs.Where(j => repositories.Any(r => r.Id == j.RepositoryId));
        }

        if (since is { } from)
        {
            // Npgsql writes a timestamptz parameter only with offset 0: "…+02:00" is the same instant in UTC.
            var fromUtc = from.ToUniversalTime();
            jobs = jobs.Where(j => j.CreatedAt >= fromUtc);
        }

        if (after is not null)
        {
            // A row comparison, (created_at, id) < (…, …): PostgreSQL seeks it in ix_job_created_at, where the same
            // test written with OR makes it read every newer job first.
            jobs = jobs.Where(j => EF.Functions.LessThan(ValueTuple.Create(j.CreatedAt, j.CorrelationId), ValueTuple.Create(after.CreatedAt, after.Id)));
        }

        var rows = await db.WithRepoIds(jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.CorrelationId).Take(pageSize + 1))
            .ToListAsync(cancellationToken);
        var page = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? new JobCursor(page[^1].Job.CreatedAt, page[^1].Job.CorrelationId).Encode() : null;
        return TypedResults.Ok(new JobPage(page.Select(r => r.ToResponse()).ToList(), next));
    }
}
