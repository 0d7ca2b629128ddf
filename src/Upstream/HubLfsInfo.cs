namespace ModelHub.Upstream;

/// <param name="Oid">The SHA-256 of the content (lowercase hex).</param>
public sealed record HubLfsInfo(string Oid, long Size, int PointerSize);
