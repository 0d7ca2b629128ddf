namespace ModelHub.Persistence.Jobs;

public enum JobKind
{
    Sync,
    Download,
    Scan,
}
