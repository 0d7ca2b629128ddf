using ModelHub.Contracts.Repositories;

namespace ModelHub.Persistence.Repositories;

/// <summary>Finding a repository by what names it: its type and its id, never the id alone (a model and a dataset may share one).</summary>
public static class RepositoryLookup
{
    public static IQueryable<ModelRepository> Named(this IQueryable<ModelRepository> repositories, RepoType type, string repoId) =>
        repositories.Where(r => r.RepoType == type && r.RepoId == repoId);
}
