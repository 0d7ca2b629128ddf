using ModelHub.Api.Security;

namespace ModelHub.Api.Management.Storage;

internal static class StorageApi
{
    public static IEndpointRouteBuilder MapStorageApi(this IEndpointRouteBuilder routes)
    {
        var storage = routes.MapGroup("").WithTags("Storage");
        storage.MapPost("/scan", ScanStorageEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithName("ScanStorage")
            .WithSummary("Starts a storage scan (verify, reconcile, import or enforce-quota); answers with the job.");
        storage.MapGet("/storage", GetStorageReportEndpoint.HandleAsync)
            .WithName("GetStorageReport")
            .WithSummary("What the store holds: bytes per repository, deduplication savings, and what the last scans found.");
        storage.MapPost("/models/{org}/{name}/pin", PinModelEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithName("PinModel")
            .WithSummary("Pins a repository: the quota never evicts its files.");
        storage.MapDelete("/models/{org}/{name}/pin", UnpinModelEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithName("UnpinModel")
            .WithSummary("Unpins a repository: its files may be evicted, least recently used first.");
        return routes;
    }
}
