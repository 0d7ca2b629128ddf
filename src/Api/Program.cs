using ModelHub.Api.Admin;
using ModelHub.Api.Conventions;
using ModelHub.Api.Database;
using ModelHub.Api.Downloads;
using ModelHub.Api.HubCompatibility;
using ModelHub.Api.Jobs;
using ModelHub.Api.Repositories;
using ModelHub.Api.Scans;
using ModelHub.Api.Security;
using ModelHub.Api.Sync;
using ModelHub.Jobs;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Messaging;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

if (NewKeyCommand.IsRequested(args))
{
    return NewKeyCommand.Run();
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModelHubDatabase();
builder.AddModelHubRedis();
builder.AddModelHubLocks();
builder.AddModelHubBus(bus => bus.AddJobLifecycle<ModelHubDbContext>().AddRepositoryCacheInvalidation());
builder.AddJobSubmission<ModelHubDbContext>().AddJobDispatcher().AddJobProgress();
builder.AddRepositories();
builder.AddScanSchedule();
builder.AddApiConventions();
builder.AddApiKeys();
builder.AddHubCompatibility();
builder.AddAdminPages();

var app = builder.Build();

app.UseApiConventions();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
var hub = app.MapGroup("").RequireReadAccess();
hub.MapRepositoriesApi();
hub.MapSyncApi();
hub.MapJobsApi();
hub.MapDownloadApi();
hub.MapScanApi();
app.MapHubCompatibilityApi();
app.MapAdminSession();
app.MapAdminPages();

await app.RunAsync();
return 0;
