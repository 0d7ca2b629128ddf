using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Api.Management.Conventions;
using ModelHub.Api.Registry;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Repositories;

internal static class ListRepositoriesEndpoint
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    public const int MaxSearchLength = 200;

    /// <summary>Keyset paging by repo id: stable while rows are added, and as fast on page 1,000 as on page 1.</summary>
    public static async Task<Results<Ok<RepositoryPage>, ValidationProblem>> HandleAsync(
        string collection,
        ModelHubDbContext db,
        RepositorySummaryCache summaryCache,
        CancellationToken cancellationToken,
        int? limit = null,
        string? cursor = null,
        string? status = null,
        string? q = null)
    {
        var errors = new Dictionary<string, string[]>();
        var pageSize = Paging.Limit(errors, limit, DefaultLimit, MaxLimit);
        var after = Paging.After(errors, cursor, ReadCursor);

        ModelRepositoryStatus? statusFilter = null;
        if (status is not null)
        {
            if (SnakeCaseEnums.TryParseSnakeCase<ModelRepositoryStatus>(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [$"status must be one of: {string.Join(", ", SnakeCaseEnums.SnakeCaseNames<ModelRepositoryStatus>())}."];
            }
        }

        if (q is not null && (q.Length > MaxSearchLength || q.Any(char.IsControl)))
        {
            // PostgreSQL text cannot hold NUL: such a search would fail in the database, not match nothing.
            errors["q"] = [$"q may be at most {MaxSearchLength} characters, without control characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not valid.");
        }

        var type = RepoTypes.FromCollection(collection);
        var query = db.Repositories.AsNoTracking().Where(r => r.RepoType == type);
        if (statusFilter is { } wanted)
        {
            query = query.Where(r => r.Status == wanted);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            query = query.Where(r => EF.Functions.ILike(r.RepoId, $"%{EscapeLike(q.Trim())}%", @"\"));
        }

        if (after is not null)
        {
            query = query.Where(r => string.Compare(r.RepoId, after) > 0);
        }

        var repos = await query.OrderBy(r => r.RepoId).Take(pageSize + 1).ToListAsync(cancellationToken);
        var hasMore = repos.Count > pageSize;
        var page = repos.Take(pageSize).ToList();
        var summaries = await summaryCache.GetManyAsync(db, page.Select(r => r.Id).ToList(), cancellationToken);
        var items = page.Select(r => RepositoryResponse.From(r, summaries.GetValueOrDefault(r.Id, ArtifactSummary.Empty))).ToList();
        return TypedResults.Ok(new RepositoryPage(items, hasMore ? Paging.Encode(page[^1].RepoId) : null));
    }

    /// <summary>The last repo id of the previous page, if the cursor holds one as repositories are recorded (<c>org/name</c>).</summary>
    internal static string? ReadCursor(string position) =>
        RepoIdRules.Validate(position) is null && RepoIdRules.HasNamespace(position) ? position : null;

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
