using MassTransit;
using ModelHub.Jobs;
using ModelHub.Persistence;
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
builder.AddJobSubmission<ModelHubDbContext>().AddJobProgress();
builder.AddModelHubBus(bus => bus.AddConsumer<ScanStorageConsumer, ScanStorageConsumerDefinition>());

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
