namespace ModelHub.Api.HubCompatibility.Access;

/// <summary>What the upstream says about access to a repository: gated (<c>auto</c>/<c>manual</c>) or private.</summary>
internal sealed record GateInfo(string? Gated, bool Private)
{
    public bool Restricted => Gated is not null || Private;
}
