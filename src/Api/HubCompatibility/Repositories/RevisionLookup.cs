using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>
/// What ModelHub's records say of a requested revision: its synced commit; or a revision pull-through may sync
/// (<see cref="Unsynced"/>, with the branch or commit <see cref="Wanted"/>); or the error; or the redirect for a former id.
/// </summary>
internal sealed record RevisionLookup(HubCommit? Commit, HubApiError? Error, HubRedirect? Moved)
{
    public ModelRepository? Unsynced { get; init; }

    public string? Wanted { get; init; }

    public static RevisionLookup Failed(HubApiError error) => new(null, error, null);
}
