using ModelHub.Persistence;
using ModelHub.ServiceDefaults;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModelHubDatabase();
builder.AddModelHubRedis();
builder.AddModelHubBus();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
