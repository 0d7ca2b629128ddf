namespace ModelHub.Upstream;

internal sealed record LfsJson(string? Oid, long Size, int PointerSize);
