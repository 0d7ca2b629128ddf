using MassTransit;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Messaging;
using ModelHub.DownloadService.Downloads;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModelHubDatabase();
builder.AddModelHubRedis();
builder.AddModelHubBus(bus => bus.AddConsumer<DownloadArtifactConsumer, DownloadArtifactConsumerDefinition>());

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
