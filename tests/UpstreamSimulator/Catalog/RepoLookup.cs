namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// What an id names: a repository, or (<see cref="MovedTo"/>) the current id of a renamed or
/// mis-cased one, which the Hub answers with a 307; both null when nothing is there.
/// </summary>
internal readonly record struct RepoLookup(SimRepo? Repo, string? MovedTo);
