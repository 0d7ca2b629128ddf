using System.Text.Json;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;

namespace ModelHub.Jobs.Lifecycle;

/// <summary>
/// The failed items a finished attempt reports, as the job's row keeps them: the count of all, the first
/// <see cref="MaxKept"/> by path (a snapshot of 100,000 files whose upstream vanished must not make a 100,000-entry row).
/// </summary>
public static class JobFailedItems
{
    public const int MaxKept = 1000;

    internal static void KeepFailedItems(this JobState job, IReadOnlyList<FailedItem>? items)
    {
        job.ItemsFailed = items?.Count ?? 0;
        job.FailedItems = items is { Count: > 0 }
            ? JsonSerializer.Serialize(items.OrderBy(i => i.Path, StringComparer.Ordinal).Take(MaxKept).ToList(), JobPayloads.Json)
            : null;
    }

    /// <summary>The items a job's row keeps; none when it keeps none.</summary>
    public static IReadOnlyList<FailedItem> Read(string? failedItems) =>
        failedItems is null ? [] : JsonSerializer.Deserialize<List<FailedItem>>(failedItems, JobPayloads.Json) ?? [];
}
