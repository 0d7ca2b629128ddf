using Microsoft.AspNetCore.Http.Metadata;

namespace ModelHub.Api.HubCompatibility.Errors;

/// <summary>
/// The Hub routes answer in the Hub's error shape: no status-code page may add a problem body (not even to a HEAD).
/// Endpoint metadata the status-code pages middleware reads itself, so no filter runs per request for it.
/// </summary>
internal sealed class HubErrorsOnly : ISkipStatusCodePagesMetadata
{
    public static readonly HubErrorsOnly Instance = new();

    private HubErrorsOnly()
    {
    }
}
