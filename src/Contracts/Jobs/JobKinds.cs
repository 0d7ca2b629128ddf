namespace ModelHub.Contracts.Jobs;

/// <summary>The values of <see cref="JobSubmitted.Kind"/>.</summary>
public static class JobKinds
{
    public const string Sync = "sync";
    public const string Download = "download";
    public const string Scan = "scan";
}
