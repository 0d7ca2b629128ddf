namespace ModelHub.Upstream;

internal sealed record CachedTree(IReadOnlyList<HubTreeEntry> Entries);
