using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>
/// <c>GET /api/models/{org}/{name}[/revision/{rev}]</c> and <c>/api/datasets/…</c>: model or dataset info from ModelHub's own
/// records (huggingface-hub-api.md §1.1).
/// <c>siblings</c> is every file of the commit; <c>expand=</c> and <c>expand[]=</c> select fields.
/// </summary>
internal static class GetRepoInfoEndpoint
{
    public static async Task<Results<ContentHttpResult, HubApiError, HubRedirect>> HandleAsync(
        HttpContext context, HubRepositories repositories, AccessPolicy policy, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        // Nothing after …/revision/ (or no /revision/ at all): the default branch.
        var revision = HubRoute.RevisionAndPath(context, skip: HubRouteShape.Of(context).ApiRouteSkip) is { } parts ? Join(parts) : null;

        var (resolved, error, moved) = await repositories.ResolveAsync(HubRouteShape.Of(context).Type, HubRouteShape.RepoIdOf(context), revision, cancellationToken);
        if (resolved is null)
        {
            return moved is null ? error! : moved;
        }

        var files = await HubFileQueries.OfCommitAsync(db, resolved, cancellationToken);
        var access = policy.Of(resolved.Repository, resolved.Commit);
        var query = context.Request.Query;
        var info = Describe(resolved, files, access, blobs: HubJson.Flag(query["blobs"]));

        var expand = query["expand"].Concat(query["expand[]"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (expand.Count > 0)
        {
            foreach (var field in info.Select(f => f.Key).Where(k => k is not ("_id" or "id") && !expand.Contains(k)).ToList())
            {
                info.Remove(field);
            }
        }

        return TypedResults.Text(info.ToJsonString(HubJson.Options), "application/json; charset=utf-8");
    }

    private static string Join((string Revision, string? Path) parts) => parts.Path is null ? parts.Revision : $"{parts.Revision}/{parts.Path}";

    private static JsonObject Describe(HubCommit resolved, List<HubFile> files, RepositoryAccess access, bool blobs)
    {
        var repo = resolved.Repository;
        var org = repo.RepoId[..repo.RepoId.IndexOf('/')];
        var info = new JsonObject
        {
            ["_id"] = repo.Id.ToString("N"),
            ["id"] = repo.RepoId,
            ["author"] = org,
            ["sha"] = resolved.Commit,
            ["lastModified"] = HubJson.Date(repo.LastSyncedAt ?? repo.UpdatedAt),
            ["createdAt"] = HubJson.Date(repo.CreatedAt),
            ["private"] = access == RepositoryAccess.Private,
            // The record keeps whether, not how, access is granted upstream: "manual", the stricter of the Hub's two.
            ["gated"] = access == RepositoryAccess.Gated ? JsonValue.Create("manual") : JsonValue.Create(false),
            ["disabled"] = false,
            ["downloads"] = 0,
            ["likes"] = 0,
            ["tags"] = new JsonArray(),
            ["siblings"] = new JsonArray([.. files.Select(f => Sibling(f, blobs))]),
        };
        if (repo.RepoType == RepoType.Model)
        {
            // Model info also names the model as the Hub's older clients read it; dataset info has no such field.
            info.Insert(2, "modelId", repo.RepoId);
        }

        return info;
    }

    private static JsonNode Sibling(HubFile file, bool blobs)
    {
        var sibling = new JsonObject { ["rfilename"] = file.Path };
        if (!blobs)
        {
            return sibling;
        }

        sibling["blobId"] = file.Oid;
        sibling["size"] = file.Size;
        if (file.LfsSha256 is { } sha256)
        {
            sibling["lfs"] = new JsonObject { ["sha256"] = sha256, ["size"] = file.Size, ["pointerSize"] = LfsPointer.Size(sha256, file.Size) };
        }

        return sibling;
    }
}
