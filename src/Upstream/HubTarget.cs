namespace ModelHub.Upstream;

/// <summary>What a call asked the Hub for, as error messages name it.</summary>
internal sealed record HubTarget(string RepoId, string Revision, string? Path = null)
{
    public string Action { get; init; } = "model info";

    public override string ToString() => Path is null ? $"{RepoId}@{Revision}" : $"{RepoId}@{Revision}: {Path}";
}
