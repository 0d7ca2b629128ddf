namespace ModelHub.ScanService.Scans;

/// <summary>The request cannot be carried out as asked (a folder that does not exist, no quota): the job fails at once.</summary>
internal sealed class ScanRequestException(string message) : InvalidOperationException(message);
