using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>Finds the repository a request names and decides whether the request may see it.</summary>
internal static class RepoAccess
{
    private const string RepoTypeItem = "sim.type";
    private const string RepoIdItem = "sim.repo";
    private const string KindItem = "sim.kind";

    public static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    /// <summary>
    /// The repository, or null once the answer is written: a 307 for a renamed or mis-cased id,
    /// RepoNotFound (missing, private, or of the other type), or GatedRepo.
    /// </summary>
    public static async Task<SimRepo?> OpenAsync(HttpContext context, RepoCatalog catalog, RepoTarget target, string kind, bool forContent)
    {
        Tag(context, target.Type, target.Id, kind);
        var lookup = catalog.Locate(target.Type, target.Id);
        var token = BearerToken(context);
        var authorised = IsAuthorised(context, catalog);

        // A private repository's old names do not reveal it either.
        if (lookup.MovedTo is { } current && (authorised || catalog.Find(target.Type, current) is not { Private: true }))
        {
            await HubRedirect.WriteAsync(context, target.Relocated(current, context.Request.QueryString));
            return null;
        }

        var repo = lookup.Repo;
        if (repo is null || (repo.Private && !authorised))
        {
            await HubErrors.WriteAsync(context, HubErrors.RepoNotFound(context));
            return null;
        }

        if (repo.Gated != GateMode.None && (forContent || repo.GatesMetadata) && !authorised)
        {
            await HubErrors.WriteAsync(context, Gated(repo, token is null));
            return null;
        }

        return repo;
    }

    /// <summary>
    /// The repository and commit a metadata request names, once access, faults and the revision
    /// have been checked; null when an error, a redirect or a fault has already been answered.
    /// </summary>
    public static async Task<(SimRepo Repo, SimCommit Commit)?> OpenCommitAsync(
        HttpContext context, RepoCatalog catalog, RepoTarget target, string revision, string kind)
    {
        if (await OpenAsync(context, catalog, target, kind, forContent: false) is not { } repo)
        {
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

    /// <summary>
    /// Whether Xet hashes are masked (64 <c>*</c>) for this caller: huggingface.co shows a gated repository's listing to
    /// anyone, but not its files' Xet hashes to a caller without access (huggingface_hub PR #4595).
    /// </summary>
    public static bool MasksXet(HttpContext context, RepoCatalog catalog, SimRepo repo) =>
        repo.Gated != GateMode.None && !IsAuthorised(context, catalog);

    /// <summary>Whether the request carries the simulator's token, which opens every gated and private repository.</summary>
    public static bool IsAuthorised(HttpContext context, RepoCatalog catalog) => BearerToken(context) is { } token && token == catalog.Options.Token;

    public static FaultScope Faults(RepoCatalog catalog, SimRepo repo, string? path)
    {
        var fileKnobs = path is null ? null : repo.FindFileFaults(path);
        return new FaultScope(fileKnobs is null ? [repo.Faults, catalog.Faults] : [fileKnobs, repo.Faults, catalog.Faults]);
    }

    public static void Tag(HttpContext context, RepoType? type, string? repoId, string kind)
    {
        context.Items[RepoTypeItem] = type;
        context.Items[RepoIdItem] = repoId;
        context.Items[KindItem] = kind;
    }

    public static (RepoType? Type, string? RepoId, string? Kind) TagOf(HttpContext context) =>
        (context.Items[RepoTypeItem] as RepoType?, context.Items[RepoIdItem] as string, context.Items[KindItem] as string);

    private static HubErrorReply Gated(SimRepo repo, bool anonymous)
    {
        var what = $"{repo.Type.Name()} {repo.Id}";
        return anonymous
            ? new(StatusCodes.Status401Unauthorized, "GatedRepo",
                $"Access to {what} is restricted. You must have access to it and be authenticated to access it. Please log in.")
            : new(StatusCodes.Status403Forbidden, "GatedRepo",
                $"Access to {what} is restricted and you are not in the authorized list. Visit https://huggingface.co/{repo.Type.UrlPrefix()}{repo.Id} to ask for access.");
    }
}
