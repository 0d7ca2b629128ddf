namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>A repository the simulator starts with, built on first use so that a start stays fast.</summary>
internal sealed record ShippedRepo(RepoType Type, string Id, Func<SimRepo> Create);
