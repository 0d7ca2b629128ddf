using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Scans;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Progress;
using ModelHub.Persistence;
using ModelHub.Persistence.Scans;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.ServiceDefaults.Telemetry;

namespace ModelHub.ScanService.Scans;

/// <summary>Runs the scan a command asks for and keeps its report, which the storage report shows until the next scan of that mode.</summary>
internal sealed class StorageScanner(IEnumerable<IStorageScan> scans, ModelHubDbContext db, TimeProvider clock, ILogger<StorageScanner> logger)
{
    public async Task<StorageScanned> RunAsync(ScanStorage command, JobProgress progress, CancellationToken cancellationToken)
    {
        var request = Parse(command);
        var scan = scans.SingleOrDefault(s => s.Mode == request.Mode)
            ?? throw new ScanRequestException($"'{request.Mode}' is not a scan mode; use one of {string.Join(", ", ScanModes.All)}.");

        var tally = new ScanTally(progress);
        var started = Stopwatch.GetTimestamp();
        using var span = ModelHubTelemetry.Source.StartActivity($"scan {request.Mode}");
        span?.SetTag("modelhub.scan.mode", request.Mode);
        string summary;
        try
        {
            summary = await scan.RunAsync(request, tally, cancellationToken);
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }

        if (progress.Snapshot().ItemsUnit is null)
        {
            // A run with nothing to count as it went (a store already within its quota) still ends with what it looked at.
            progress.ExpectItems("blobs", tally.BlobsChecked);
            await progress.AddItemsAsync(tally.BlobsChecked);
        }

        span?.SetTag("modelhub.scan.blobs", tally.BlobsChecked.ToString(CultureInfo.InvariantCulture));
        span?.SetTag("modelhub.scan.bytes", tally.BytesChecked.ToString(CultureInfo.InvariantCulture));
        span?.SetTag("modelhub.scan.problems", tally.ProblemCount.ToString(CultureInfo.InvariantCulture));
        if (tally.ProblemCount > 0)
        {
            summary += $" ({tally.ProblemCount} problem(s) reported)";
        }

        var scanned = tally.ToEvent(command.JobId, request.Mode, summary, clock.GetUtcNowForDatabase(), Stopwatch.GetElapsedTime(started));
        logger.LogInformation("Scan {Mode} of job {JobId}: {Summary}", request.Mode, command.JobId, summary);
        await SaveReportAsync(scanned, cancellationToken);
        return scanned;
    }

    private static ScanPayload Parse(ScanStorage command)
    {
        try
        {
            return JobPayloads.Deserialize<ScanPayload>(command.Options) with { Mode = command.Mode };
        }
        catch (JsonException e)
        {
            throw new ScanRequestException($"The scan's options are not valid: {e.Message}");
        }
    }

    private async Task SaveReportAsync(StorageScanned scanned, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(scanned, JobPayloads.Json);
        var report = await db.ScanReports.SingleOrDefaultAsync(r => r.Mode == scanned.Mode, cancellationToken);
        if (report is null)
        {
            db.ScanReports.Add(new ScanReport { Mode = scanned.Mode, JobId = scanned.JobId, FinishedAt = scanned.FinishedAt, Report = json });
        }
        else
        {
            (report.JobId, report.FinishedAt, report.Report) = (scanned.JobId, scanned.FinishedAt, json);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
