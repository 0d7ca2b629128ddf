namespace ModelHub.Upstream;

/// <param name="Id">The repo id (<c>org/name</c>) as the Hub spells it.</param>
/// <param name="Sha">The lowercase 40-hex commit the revision resolved to.</param>
/// <param name="Siblings">Every file path of that commit (<c>siblings[].rfilename</c>).</param>
public sealed record HubRepoInfo(string Id, string Sha, IReadOnlyList<string> Siblings)
{
    public bool Private { get; init; }

    /// <summary><c>auto</c> or <c>manual</c> when access must be requested; null when the Hub says <c>false</c>.</summary>
    public string? Gated { get; init; }

    public DateTimeOffset? LastModified { get; init; }
}
