using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Api.Management.Conventions;
using ModelHub.Api.Registry;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Storage;

namespace ModelHub.Api.Management.Files;

internal static class ListFilesEndpoint
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;

    /// <summary>
    /// The files of a synced revision: a flat list paged by path (<c>view=flat</c>, the default), or
    /// one folder's files and sub-folders with their counts and sizes (<c>view=tree</c>).
    /// </summary>
    public static async Task<Results<Ok<FilesPage>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string collection, string org, string name, ModelHubDbContext db, CancellationToken cancellationToken,
        string? revision = null, string? path = null, string? view = null, int? limit = null, string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>();
        var pageSize = Paging.Limit(errors, limit, DefaultLimit, MaxLimit);

        errors.CheckOptionalRevision(revision);

        var folder = path?.Trim('/');
        if (!string.IsNullOrEmpty(folder) && RepoPaths.Validate(folder) is { } pathRule)
        {
            errors["path"] = [$"path is not a safe folder path: {pathRule}."];
        }

        if (view is not (null or "flat" or "tree"))
        {
            errors["view"] = ["view must be 'flat' or 'tree'."];
        }

        // A cursor holds the last path of a page: anything else (NUL, '..') is not one this list made.
        var after = Paging.After(errors, cursor, position => RepoPaths.Validate(position) is null ? position : null);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not valid.");
        }

        var repoId = $"{org}/{name}";
        var (synced, problem) = await SyncedRevision.FindAsync(db, RepoTypes.FromCollection(collection), repoId, revision, cancellationToken);
        if (synced is not { Repository: var repo, Commit: var commit })
        {
            return problem!;
        }

        var files = db.Artifacts.AsNoTracking().Where(a => a.RepositoryId == repo.Id && a.Commit == commit);
        if (!string.IsNullOrEmpty(folder))
        {
            var prefix = folder + "/";
            files = files.Where(a => a.Path.StartsWith(prefix));
        }

        return view == "tree"
            ? TypedResults.Ok(await TreeAsync(files, repoId, revision, commit, folder, cancellationToken))
            : TypedResults.Ok(await FlatAsync(files, repoId, revision, commit, pageSize, after, cancellationToken));
    }

    private static async Task<FilesPage> FlatAsync(
        IQueryable<ModelArtifact> files, string repoId, string? revision, string commit, int pageSize, string? after, CancellationToken cancellationToken)
    {
        if (after is not null)
        {
            files = files.Where(a => string.Compare(a.Path, after) > 0);
        }

        var rows = await files.OrderBy(a => a.Path).Take(pageSize + 1).ToListAsync(cancellationToken);
        var page = rows.Take(pageSize).Select(ToResponse).ToList();
        var next = rows.Count > pageSize ? Paging.Encode(page[^1].Path) : null;
        return new FilesPage(repoId, revision, commit, page, null, next);
    }

    private static async Task<FilesPage> TreeAsync(
        IQueryable<ModelArtifact> files, string repoId, string? revision, string commit, string? folder, CancellationToken cancellationToken)
    {
        var all = await files.OrderBy(a => a.Path).ToListAsync(cancellationToken);
        var depth = string.IsNullOrEmpty(folder) ? 0 : folder.Count(c => c == '/') + 1;
        var here = all.Where(a => a.Path.Count(c => c == '/') == depth).Select(ToResponse).ToList();
        var directories = all
            .Where(a => a.Path.Count(c => c == '/') > depth)
            .GroupBy(a => string.Join('/', a.Path.Split('/').Take(depth + 1)))
            .Select(g => new DirectoryResponse(g.Key, g.Count(), g.Sum(a => a.Size)))
            .ToList();
        return new FilesPage(repoId, revision, commit, here, directories, null);
    }

    private static ArtifactResponse ToResponse(ModelArtifact a) =>
        new(a.Id, a.Path, a.Size, a.LfsSha256 is not null, a.ContentHash ?? a.LfsSha256, a.GitBlobOid, a.Status, a.Status == ArtifactStatus.Completed);
}
