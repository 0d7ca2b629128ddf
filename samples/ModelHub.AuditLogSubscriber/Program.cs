using ModelHub.AuditLogSubscriber;
using ModelHub.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddAuditLogSubscriber();

await builder.Build().RunAsync();
