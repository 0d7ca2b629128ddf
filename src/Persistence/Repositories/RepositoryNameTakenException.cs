using ModelHub.Contracts.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Persistence.Repositories;

/// <summary>A repository was renamed upstream to a name another registered repository of its type already has.</summary>
public sealed class RepositoryNameTakenException(RepoType type, string formerId, string currentId)
    : InvalidOperationException(
        $"the upstream now calls the {type.ToSnakeCase()} {formerId} '{currentId}', which ModelHub mirrors as another repository: "
        + $"sync {currentId} instead");
