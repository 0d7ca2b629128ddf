using ModelHub.Api.Management.Conventions;
using ModelHub.Jobs.Kinds;

namespace ModelHub.Api.Management.Storage;

/// <summary>Which options each scan mode takes, reported under their field names.</summary>
internal static class ScanRequestRules
{
    public static Dictionary<string, string[]> Check(ScanRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Mode is null || !ScanModes.All.Contains(request.Mode))
        {
            errors["mode"] = [$"mode must be one of: {string.Join(", ", ScanModes.All)}."];
            return errors;
        }

        var mode = request.Mode;
        OnlyFor(errors, "repo_id", request.RepoId, mode, ScanModes.Verify);
        OnlyFor(errors, "repo_type", request.RepoType, mode, ScanModes.Verify);
        OnlyFor(errors, "older_than_days", request.OlderThanDays, mode, ScanModes.Verify);
        OnlyFor(errors, "repair", request.Repair, mode, ScanModes.Verify, ScanModes.Reconcile);
        OnlyFor(errors, "delete_orphans", request.DeleteOrphans, mode, ScanModes.Reconcile);
        OnlyFor(errors, "path", request.Path, mode, ScanModes.Import);
        OnlyFor(errors, "max_bytes", request.MaxBytes, mode, ScanModes.EnforceQuota);

        if (mode == ScanModes.Verify)
        {
            errors.CheckOptionalRepoId(request.RepoId);
            errors.CheckOptionalRepoType(request.RepoType);
        }

        if (request.OlderThanDays is < 0 or > 36_500)
        {
            errors["older_than_days"] = ["older_than_days must be between 0 and 36500."];
        }

        if (mode == ScanModes.Import && (string.IsNullOrWhiteSpace(request.Path) || !System.IO.Path.IsPathFullyQualified(request.Path)
            || request.Path.Length > 4096 || request.Path.Contains('\0')))
        {
            errors["path"] = ["An import needs 'path': the absolute path of a Hugging Face cache folder on the ScanService's machine."];
        }

        if (request.MaxBytes is < 0)
        {
            errors["max_bytes"] = ["max_bytes cannot be negative."];
        }

        return errors;
    }

    private static void OnlyFor(Dictionary<string, string[]> errors, string field, object? value, string mode, params string[] modes)
    {
        if (value is not null && !modes.Contains(mode))
        {
            errors[field] = [$"{field} applies only to {string.Join(" and ", modes)} scans."];
        }
    }
}
