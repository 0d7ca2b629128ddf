using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Api.Jobs;
using ModelHub.Api.Repositories;
using ModelHub.Api.Security;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;
using ModelHub.Persistence;

namespace ModelHub.Api.Scans;

/// <summary>A storage scan as users ask for it; each option belongs to one or two modes.</summary>
internal sealed record ScanRequest(
    string? Mode, string? RepoId, int? OlderThanDays, bool? Repair, bool? DeleteOrphans, string? Path, long? MaxBytes);

internal static class ScanApi
{
    public static IEndpointRouteBuilder MapScanApi(this IEndpointRouteBuilder routes)
    {
        var hub = routes.MapGroup("/v1/hub").WithTags("Storage");
        hub.MapPost("/scan", HandleAsync)
            .RequireAdminKey()
            .WithName("ScanStorage")
            .WithSummary("Starts a storage scan (verify, reconcile, import or enforce-quota); answers with the job.");
        hub.MapGet("/storage", StorageReportEndpoint.HandleAsync)
            .WithName("GetStorageReport")
            .WithSummary("What the store holds: bytes per repository, deduplication savings, and what the last scans found.");
        hub.MapPost("/models/{org}/{name}/pin", PinEndpoint.PinAsync)
            .RequireAdminKey()
            .WithName("PinModel")
            .WithSummary("Pins a repository: the quota never evicts its files.");
        hub.MapDelete("/models/{org}/{name}/pin", PinEndpoint.UnpinAsync)
            .RequireAdminKey()
            .WithName("UnpinModel")
            .WithSummary("Unpins a repository: its files may be evicted, least recently used first.");
        return routes;
    }

    private static async Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        ScanRequest request, ModelHubDbContext db, JobSubmitter jobs, CancellationToken cancellationToken)
    {
        var errors = ScanRequestRules.Check(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The scan cannot start.");
        }

        Guid? repositoryId = null;
        if (request.RepoId is { } repoId)
        {
            repositoryId = await db.Repositories.Where(r => r.RepoId == repoId).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(cancellationToken);
            if (repositoryId is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Repository not found.",
                    detail: $"No repository '{repoId}' is registered.");
            }
        }

        var payload = new ScanPayload(request.Mode!)
        {
            RepoId = request.RepoId,
            OlderThanDays = request.OlderThanDays,
            Repair = request.Repair ?? false,
            DeleteOrphans = request.DeleteOrphans ?? false,
            Path = request.Path,
            MaxBytes = request.MaxBytes,
        };
        var job = await jobs.SubmitAsync(JobKind.Scan, payload, repositoryId, null, cancellationToken);
        return TypedResults.Accepted(JobsApi.LocationOf(job.CorrelationId), JobResponse.From(job, request.RepoId));
    }
}

/// <summary>Which options each scan mode takes, reported under their field names.</summary>
internal static class ScanRequestRules
{
    public static Dictionary<string, string[]> Check(ScanRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Mode is null || !ScanModes.All.Contains(request.Mode))
        {
            errors["mode"] = [$"mode must be one of: {string.Join(", ", ScanModes.All)}."];
            return errors;
        }

        var mode = request.Mode;
        OnlyFor(errors, "repo_id", request.RepoId, mode, ScanModes.Verify);
        OnlyFor(errors, "older_than_days", request.OlderThanDays, mode, ScanModes.Verify);
        OnlyFor(errors, "repair", request.Repair, mode, ScanModes.Verify, ScanModes.Reconcile);
        OnlyFor(errors, "delete_orphans", request.DeleteOrphans, mode, ScanModes.Reconcile);
        OnlyFor(errors, "path", request.Path, mode, ScanModes.Import);
        OnlyFor(errors, "max_bytes", request.MaxBytes, mode, ScanModes.EnforceQuota);

        if (mode == ScanModes.Verify)
        {
            errors.CheckOptionalRepoId(request.RepoId);
        }

        if (request.OlderThanDays is < 0 or > 36_500)
        {
            errors["older_than_days"] = ["older_than_days must be between 0 and 36500."];
        }

        if (mode == ScanModes.Import && (string.IsNullOrWhiteSpace(request.Path) || !System.IO.Path.IsPathFullyQualified(request.Path)
            || request.Path.Length > 4096 || request.Path.Contains('\0')))
        {
            errors["path"] = ["An import needs 'path': the absolute path of a Hugging Face cache folder on the ScanService's machine."];
        }

        if (request.MaxBytes is < 0)
        {
            errors["max_bytes"] = ["max_bytes cannot be negative."];
        }

        return errors;
    }

    private static void OnlyFor(Dictionary<string, string[]> errors, string field, object? value, string mode, params string[] modes)
    {
        if (value is not null && !modes.Contains(mode))
        {
            errors[field] = [$"{field} applies only to {string.Join(" and ", modes)} scans."];
        }
    }
}
