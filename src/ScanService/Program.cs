using ModelHub.Jobs;
using ModelHub.Persistence;
using ModelHub.ScanService.CacheView;
using ModelHub.ScanService.Scans;
using ModelHub.ServiceDefaults;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Messaging;
using ModelHub.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModelHubDatabase();
builder.AddModelHubRedis();
builder.AddModelHubLocks();
builder.AddModelStore();
builder.AddStorageScans();
builder.AddCacheView();
builder.AddJobSubmission<ModelHubDbContext>().AddJobRunning();
builder.AddModelHubBus(bus =>
{
    bus.AddJobConsumer<ScanStorageConsumer, ScanStorageConsumerDefinition>();
    bus.AddCacheViewConsumers(builder.Configuration);
});

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
