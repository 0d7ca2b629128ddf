namespace ModelHub.Upstream;

internal sealed record TreeEntryJson(string? Type, string? Path, long Size, string? Oid, LfsJson? Lfs);
