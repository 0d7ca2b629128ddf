using ModelHub.Api.HubCompatibility.Errors;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>Whether a file request may have the file (<see cref="Denied"/> says why not), and the caller's token it was opened with, if any.</summary>
internal sealed record AccessVerdict(HubApiError? Denied, string? Lent)
{
    /// <summary>The file may be sent, fetched with ModelHub's own upstream token: most requests' answer, made once.</summary>
    public static readonly AccessVerdict Allowed = new(null, null);
}
