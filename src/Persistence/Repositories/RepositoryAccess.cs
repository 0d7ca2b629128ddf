namespace ModelHub.Persistence.Repositories;

/// <summary>
/// Who may read a repository's files, as ModelHub records it: learned from the upstream at each sync (or by an
/// admin), and the only thing serving consults. <see cref="Unknown"/> (an import whose upstream could not say)
/// follows <c>HubApi:UnknownAccess</c>.
/// </summary>
public enum RepositoryAccess
{
    Unknown,
    Public,
    Gated,
    Private,
}
