using ModelHub.Api.Admin;
using ModelHub.Api.Database;
using ModelHub.Api.HubCompatibility;
using ModelHub.Api.Management;
using ModelHub.Api.Management.Conventions;
using ModelHub.Api.Management.Repositories;
using ModelHub.Api.Management.Storage;
using ModelHub.Api.Registry;
using ModelHub.Api.Security;
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
builder.AddRepositoryRegistry();
builder.AddRepositorySummaries();
builder.AddScanSchedule();
builder.AddApiConventions();
builder.AddApiKeys();
builder.AddHubCompatibility();
builder.AddAdminPages();

var app = builder.Build();

app.UseApiConventions();
app.UseKeyOrSessionAuthentication();
app.UseAuthorization();
app.UseHubReadGate();
app.MapDefaultEndpoints();
app.MapManagementApi();
app.MapHubCompatibilityApi();
app.MapAdminPages();

await app.RunAsync();
return 0;
