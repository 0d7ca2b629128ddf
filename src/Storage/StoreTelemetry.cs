using System.Diagnostics;
using System.Diagnostics.Metrics;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage;

/// <summary>
/// The store's spans (hash verification, the atomic move into <c>blobs/</c>) and counters (bytes
/// found already stored, bytes that broke their promise), under ModelHub's one telemetry name.
/// </summary>
public static class StoreTelemetry
{
    public const string Name = "ModelHub";
    public const string DedupHitsName = "modelhub.store.dedup_hits";
    public const string VerificationFailuresName = "modelhub.store.verification_failures";
    public const string SizeName = "modelhub.store.size";
    public const string BlobCountName = "modelhub.store.blobs";

    // Span attributes. No token, no URL: what was stored, and what it turned out to be.
    public const string RepoAttribute = "modelhub.repo";
    public const string RepoTypeAttribute = RepoTypeTelemetry.Attribute;
    public const string PathAttribute = "modelhub.path";
    public const string BytesAttribute = "modelhub.bytes";
    public const string Sha256Attribute = "modelhub.sha256";
    public const string DeduplicatedAttribute = "modelhub.deduplicated";

    internal static ActivitySource Source { get; } = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> DedupHits = Meter.CreateCounter<long>(
        DedupHitsName, "{file}", "Files whose bytes were already in the store: nothing was stored again.");

    private static readonly Counter<long> VerificationFailures = Meter.CreateCounter<long>(
        VerificationFailuresName, "{file}", "Files whose bytes did not match the size or hash the upstream promised.");

    /// <summary>A file's bytes were found in the store, whoever noticed it (the store, a worker before fetching).</summary>
    public static void RecordDedupHit(RepoType? type) => DedupHits.Add(1, RepoTypeTelemetry.Tag(type));

    /// <summary>Counts the failure and returns the exception to throw.</summary>
    internal static ContentMismatchException Mismatch(ExpectedContent expected, string message)
    {
        VerificationFailures.Add(1, RepoTypeTelemetry.Tag(expected.RepoType));
        return new ContentMismatchException(message);
    }

    internal static Activity? StartBlobSpan(string name, ExpectedContent expected)
    {
        var activity = Source.StartActivity(name);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RepoAttribute, expected.Repo);
            activity.SetTag(RepoTypeAttribute, expected.RepoType is { } type ? RepoTypeTelemetry.ValueOf(type) : null);
            activity.SetTag(PathAttribute, expected.Path);
            activity.SetTag(BytesAttribute, expected.Size);
        }

        return activity;
    }

    internal static void Failed(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.AddException(exception);
    }
}
