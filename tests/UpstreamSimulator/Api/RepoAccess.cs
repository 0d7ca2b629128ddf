using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>Finds the repository a request names and decides whether the request may see it.</summary>
internal static class RepoAccess
{
    private const string RepoIdItem = "sim.repo";
    private const string KindItem = "sim.kind";

    public static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    /// <summary>The repository, or the error to answer: RepoNotFound (missing or private) or GatedRepo.</summary>
    public static (SimRepo? Repo, HubErrorReply? Error) Open(HttpContext context, RepoCatalog catalog, string repoId, string kind, bool forContent)
    {
        Tag(context, repoId, kind);
        var repo = catalog.Find(repoId);
        var token = BearerToken(context);
        var authorised = token is not null && token == catalog.Options.Token;
        if (repo is null || (repo.Private && !authorised))
        {
            return (null, HubErrors.RepoNotFound(context));
        }

        if (repo.Gated != GateMode.None && (forContent || repo.GatesMetadata) && !authorised)
        {
            return (null, Gated(repo, token is null));
        }

        return (repo, null);
    }

    /// <summary>
    /// The repository and commit a metadata request names, once access, faults and the revision
    /// have been checked; null when an error or a fault has already been answered.
    /// </summary>
    public static async Task<(SimRepo Repo, SimCommit Commit)?> OpenCommitAsync(
        HttpContext context, RepoCatalog catalog, string repoId, string revision, string kind)
    {
        var (repo, error) = Open(context, catalog, repoId, kind, forContent: false);
        if (repo is null)
        {
            await HubErrors.WriteAsync(context, error!);
            return null;
        }

        if (await Faults(catalog, repo, null).TryFailAsync(context, "api"))
        {
            return null;
        }

        if (repo.Resolve(revision) is not { } commit)
        {
            await HubErrors.WriteAsync(context, HubErrors.RevisionNotFound(revision));
            return null;
        }

        return (repo, commit);
    }

    public static FaultScope Faults(RepoCatalog catalog, SimRepo repo, string? path)
    {
        var fileKnobs = path is null ? null : repo.FindFileFaults(path);
        return new FaultScope(fileKnobs is null ? [repo.Faults, catalog.Faults] : [fileKnobs, repo.Faults, catalog.Faults]);
    }

    public static void Tag(HttpContext context, string? repoId, string kind)
    {
        context.Items[RepoIdItem] = repoId;
        context.Items[KindItem] = kind;
    }

    public static (string? RepoId, string? Kind) TagOf(HttpContext context) =>
        (context.Items[RepoIdItem] as string, context.Items[KindItem] as string);

    private static HubErrorReply Gated(SimRepo repo, bool anonymous) => anonymous
        ? new(StatusCodes.Status401Unauthorized, "GatedRepo",
            $"Access to model {repo.Id} is restricted. You must have access to it and be authenticated to access it. Please log in.")
        : new(StatusCodes.Status403Forbidden, "GatedRepo",
            $"Access to model {repo.Id} is restricted and you are not in the authorized list. Visit https://huggingface.co/{repo.Id} to ask for access.");
}
