using ModelHub.Api.Management.Downloads;
using ModelHub.Api.Management.Export;
using ModelHub.Api.Management.Files;
using ModelHub.Api.Management.Jobs;
using ModelHub.Api.Management.Repositories;
using ModelHub.Api.Management.Storage;
using ModelHub.Api.Management.Sync;
using ModelHub.Api.Management.Upstreams;
using ModelHub.Api.Security;

namespace ModelHub.Api.Management;

/// <summary>The management REST API: every feature's routes under one prefix, readable by whoever may read ModelHub.</summary>
internal static class ManagementApi
{
    public const string Prefix = "/v1/hub";

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(Prefix).RequireReadAccess();
        api.MapRepositoriesApi();
        api.MapFilesApi();
        api.MapSyncApi();
        api.MapJobsApi();
        api.MapDownloadsApi();
        api.MapExportApi();
        api.MapStorageApi();
        api.MapUpstreamsApi();
        return routes;
    }
}
