using Microsoft.EntityFrameworkCore;
using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.Management.Conventions;
using ModelHub.Api.Management.Files;
using ModelHub.Api.Registry;
using ModelHub.Api.Security;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Storage;

namespace ModelHub.Api.Management.Export;

/// <summary>
/// <c>GET /v1/hub/{models|datasets}/{org}/{name}/export?revision=&amp;include=&amp;exclude=</c>: a synced revision's files, chosen
/// by the same patterns as a snapshot download, as a tar in the Hugging Face cache layout (<see cref="SnapshotTar"/>).
/// Every selected file must be stored: the answer is complete or refused before a byte is sent, never a partial cache.
/// </summary>
internal static class ExportSnapshotEndpoint
{
    /// <summary>How many of the files not stored a refusal names.</summary>
    private const int MissingListed = 100;

    public static async Task<IResult> HandleAsync(
        HttpContext context, string collection, string org, string name, ModelHubDbContext db, BlobStore store, AccessPolicy access,
        HubCallers callers, CancellationToken cancellationToken, string? revision = null, string[]? include = null, string[]? exclude = null)
    {
        var errors = new Dictionary<string, string[]>();
        errors.CheckOptionalRevision(revision);
        errors.CheckOptionalPatterns("include", include);
        errors.CheckOptionalPatterns("exclude", exclude);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The export request is not valid.");
        }

        var type = RepoTypes.FromCollection(collection);
        var (synced, problem) = await SyncedRevision.FindAsync(db, type, $"{org}/{name}", revision, cancellationToken);
        if (synced is not { Repository: var repo, Commit: var commit })
        {
            return problem!;
        }

        if (access.IsRestricted(repo, commit) && !MayReadRestricted(context, callers))
        {
            return ListedProblem.Of(StatusCodes.Status403Forbidden, "A key is needed.",
                $"{repo.RepoId} is gated or private: its files are exported only to callers with a reader or admin key.");
        }

        var (files, refused) = await SelectAsync(db, store, repo.Id, repo.RepoId, commit, include ?? [], exclude ?? [], cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var asked = revision ?? repo.DefaultRevision;
        var refName = string.Equals(asked, commit, StringComparison.OrdinalIgnoreCase) ? null : asked;
        var response = context.Response;
        response.ContentType = SnapshotTar.ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{HfCacheNames.RepositoryFolder(type, repo.RepoId)}-{commit[..12]}.tar\"";
        await SnapshotTar.WriteAsync(response.Body, type, repo.RepoId, refName, commit, files, cancellationToken);
        return Results.Empty;
    }

    /// <summary>The selected files, each with its stored blob; or why there is nothing to export, or not all of it.</summary>
    private static async Task<(List<ExportedFile> Files, IResult? Refused)> SelectAsync(
        ModelHubDbContext db, BlobStore store, Guid repositoryId, string repoId, string commit, string[] include, string[] exclude,
        CancellationToken cancellationToken)
    {
        var rows = await db.Artifacts.AsNoTracking()
            .Where(a => a.RepositoryId == repositoryId && a.Commit == commit)
            .OrderBy(a => a.Path)
            .Select(a => new { a.Path, a.GitBlobOid, a.LfsSha256, Stored = a.Status == ArtifactStatus.Completed ? a.ContentHash : null })
            .ToListAsync(cancellationToken);
        var (selects, refused) = PatternSelection.Of([.. rows.Select(r => r.Path)], include, exclude, repoId, commit, "export", "nothing was sent");
        if (refused is not null)
        {
            return ([], refused);
        }

        var selected = rows.Where(r => selects(r.Path)).ToList();

        // The blob is looked for on disk too: an eviction or a lost disk leaves the row saying stored.
        var missing = selected.Where(r => r.Stored is not { } sha256 || !store.Contains(sha256)).Select(r => r.Path).ToList();
        if (missing.Count > 0)
        {
            return ([], ListedProblem.Of(StatusCodes.Status409Conflict, "Not every file is stored.",
                $"{missing.Count} of the {selected.Count} selected files of {repoId}@{commit} are not stored in ModelHub; download them first "
                + $"(POST {ManagementApi.Prefix}/download with the same repo_id, revision and patterns).", "missing_paths", missing.Take(MissingListed).ToList()));
        }

        // A file recorded without a git blob id (an import of a cache that named none) is named by its SHA-256, which
        // an import on the far side checks as it checks an LFS file's.
        return ([.. selected.Select(r => new ExportedFile(r.Path, HfCacheNames.BlobName(r.LfsSha256, r.GitBlobOid) ?? r.Stored!, store.BlobPath(r.Stored!)))], null);
    }

    /// <summary>A reader or admin key (in either header the management API takes), or one of the Hub routes' read tokens.</summary>
    private static bool MayReadRestricted(HttpContext context, HubCallers callers) =>
        context.User.IsInRole(Roles.Reader) || context.User.IsInRole(Roles.Admin) || callers.HasReadToken(context.Request);
}
