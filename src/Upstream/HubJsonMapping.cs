using System.Text.Json;

namespace ModelHub.Upstream;

/// <summary>Checks what the Hub sent against what ModelHub relies on.</summary>
internal static class HubJsonMapping
{
    public static HubRepoInfo ToRepoInfo(this RepoInfoJson json, HubTarget target, HubErrors errors)
    {
        var sha = json.Sha?.ToLowerInvariant();
        if (sha is null || sha.Length != 40 || !sha.All(char.IsAsciiHexDigitLower))
        {
            throw errors.BadResponse(target, $"no 40-hex commit in 'sha' (got '{json.Sha}')");
        }

        var siblings = (json.Siblings ?? []).Select(sibling => sibling.Rfilename).OfType<string>().ToList();
        return new HubRepoInfo(json.Id ?? target.Repo.Id, sha, siblings)
        {
            Private = json.Private,
            Gated = json.Gated.ValueKind switch
            {
                JsonValueKind.String => json.Gated.GetString(),
                JsonValueKind.True => "true",
                _ => null,
            },
            LastModified = json.LastModified,
        };
    }

    public static HubTreeEntry ToTreeEntry(this TreeEntryJson json, HubTarget target, HubErrors errors)
    {
        if (string.IsNullOrEmpty(json.Type) || string.IsNullOrEmpty(json.Path) || string.IsNullOrEmpty(json.Oid))
        {
            throw errors.BadResponse(target, $"a tree entry lacks 'type', 'path' or 'oid' (path '{json.Path}')");
        }

        if (json.Lfs is { } lfs && string.IsNullOrEmpty(lfs.Oid))
        {
            throw errors.BadResponse(target, $"the LFS entry of '{json.Path}' has no 'oid'");
        }

        return new HubTreeEntry(json.Type, json.Path, json.Size, json.Oid)
        {
            Lfs = json.Lfs is { } info ? new HubLfsInfo(info.Oid!.ToLowerInvariant(), info.Size, info.PointerSize) : null,
        };
    }
}
