namespace ModelHub.Upstream;

/// <summary>What a call asked the Hub for, as error messages name it.</summary>
internal sealed record HubTarget(HubRepo Repo, string Revision, string? Path = null)
{
    public string Action { get; init; } = "repository info";

    public override string ToString() => Path is null ? $"{Repo}@{Revision}" : $"{Repo}@{Revision}: {Path}";
}
