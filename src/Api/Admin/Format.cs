using System.Globalization;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.Admin;

/// <summary>Figures as people read them on the admin page (admin.js formats live figures the same way).</summary>
internal static class Format
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB"];

    /// <summary>Decimal units, as disk and network figures are usually given: 1.5 GB = 1,500,000,000 bytes.</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1000 && unit < Units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string ShortCommit(string? commit) => commit is { Length: >= 8 } ? commit[..8] : commit ?? "—";

    /// <summary>A repository's screen: <c>/repos/org/name</c> for a model, <c>/datasets/org/name</c> for a dataset.</summary>
    public static string RepositoryPage(RepoType type, string repoId) => type == RepoType.Dataset ? $"/datasets/{repoId}" : $"/repos/{repoId}";
}
