using ModelHub.Api.Registry;
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
            .WithSummary("Starts a storage scan (verify, reconcile, import, enforce-quota or cache-view); answers with the job.");
        storage.MapGet("/storage", GetStorageReportEndpoint.HandleAsync)
            .WithName("GetStorageReport")
            .WithSummary("What the store holds: bytes per repository, deduplication savings, and what the last scans found.");
        storage.MapPost($"/{RepoTypes.CollectionRoute}/{{org}}/{{name}}/pin", PinRepositoryEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithName("PinRepository")
            .WithSummary("Pins a repository: the quota never evicts its files.");
        storage.MapDelete($"/{RepoTypes.CollectionRoute}/{{org}}/{{name}}/pin", UnpinRepositoryEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithName("UnpinRepository")
            .WithSummary("Unpins a repository: its files may be evicted, least recently used first.");
        return routes;
    }
}
