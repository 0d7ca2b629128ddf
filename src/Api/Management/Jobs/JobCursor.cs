using System.Globalization;
using ModelHub.Api.Management.Conventions;

namespace ModelHub.Api.Management.Jobs;

/// <summary>A job list's position: the last job's creation time and id (newest first).</summary>
internal sealed record JobCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public string Encode() => Paging.Encode($"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{Id:N}");

    public static JobCursor? Parse(string position)
    {
        var parts = position.Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks is > 0 and < 3155378975999999999 && Guid.TryParseExact(parts[1], "N", out var id)
                ? new JobCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
    }
}
