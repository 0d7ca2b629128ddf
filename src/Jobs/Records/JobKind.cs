namespace ModelHub.Jobs.Records;

public enum JobKind
{
    Sync,
    Download,
    Scan,
    Snapshot,
}
