namespace ModelHub.Ingest.Events;

/// <summary>What a host does when <c>ArtifactDownloaded</c> cannot be published.</summary>
public enum ArtifactEventDelivery
{
    /// <summary>
    /// The ingest fails, so the job's command is retried, finds the bytes stored and publishes again
    /// (a consumer: the event goes out through its consume context).
    /// </summary>
    Required,

    /// <summary>
    /// The bytes stay stored and the event is given up after a few seconds, with a warning: nobody would
    /// retry it (a pull-through, which has no job).
    /// </summary>
    BestEffort,
}
