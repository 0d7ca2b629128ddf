using ModelHub.DownloadService.Downloads;
using ModelHub.DownloadService.Snapshots;
using ModelHub.Ingest;
using ModelHub.Ingest.Events;
using ModelHub.Jobs;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Messaging;
using ModelHub.Storage;
using ModelHub.Upstream;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModelHubDataSource();
builder.AddModelHubRedis();
builder.AddModelHubLocks();
builder.AddModelStore();
builder.AddHubClient();
builder.AddIngestPipeline(ArtifactEventDelivery.Required);
builder.AddArtifactDownloads();
builder.AddSnapshotDownloads();
builder.AddJobRunning();
builder.AddModelHubBus(bus => bus.AddJobConsumer<DownloadArtifactConsumer, DownloadArtifactConsumerDefinition>().AddSnapshotConsumers());

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
