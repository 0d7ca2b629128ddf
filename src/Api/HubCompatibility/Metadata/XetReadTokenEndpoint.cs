using ModelHub.Api.HubCompatibility.Errors;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>
/// <c>GET /api/{models|datasets}/{id}/xet-read-token/{rev}</c>: ModelHub stores and serves files over plain HTTP and
/// never announces Xet data, so a client that asks for a Xet token anyway (it found Xet metadata elsewhere) gets the
/// Hub's error shape and fails saying why, instead of waiting on a content store it cannot reach.
/// </summary>
internal static class XetReadTokenEndpoint
{
    public static HubApiError Handle() => HubApiError.XetUnavailable();
}
