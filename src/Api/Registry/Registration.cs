using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.Registry;

/// <summary>
/// The repository an id names (found, or registered by this call when <see cref="Created"/>), or why there is none.
/// Its <see cref="ModelRepository.RepoId"/> is the current name, which differs from the id asked for when that was a
/// legacy, former or mis-cased name.
/// </summary>
internal sealed record Registration(ModelRepository? Repository, bool Created, RegistrationProblem? Problem);
