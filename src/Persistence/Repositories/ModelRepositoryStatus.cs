namespace ModelHub.Persistence.Repositories;

public enum ModelRepositoryStatus
{
    Registered,
    Syncing,
    Synced,
    Failed,
}
