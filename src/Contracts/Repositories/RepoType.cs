namespace ModelHub.Contracts.Repositories;

/// <summary>
/// The kinds of Hub repository ModelHub knows (the Hub's <c>repo_type</c>, written <c>model</c> and <c>dataset</c>
/// wherever it is text). Spaces are applications, not files to mirror, and are not among them.
/// </summary>
public enum RepoType
{
    Model,
    Dataset,
}
