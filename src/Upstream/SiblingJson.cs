namespace ModelHub.Upstream;

internal sealed record SiblingJson(string? Rfilename);
