using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.AuditLogSubscriber;

public static class AuditLogSubscriberExtensions
{
    /// <summary>The audit log, and its consumer on a queue of its own bound to <c>ArtifactDownloaded</c>'s exchange.</summary>
    public static IHostApplicationBuilder AddAuditLogSubscriber(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuditLog();
        builder.AddModelHubBus(bus => bus.AddConsumer<ArtifactDownloadedConsumer>()
            .Endpoint(endpoint => endpoint.Name = ArtifactDownloadedConsumer.QueueName));
        return builder;
    }

    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddOptions<AuditLogOptions>()
            .BindConfiguration(AuditLogOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AuditLog>();
        return services;
    }
}

/// <summary>Section <c>AuditLog</c>.</summary>
public sealed class AuditLogOptions
{
    public const string Section = "AuditLog";

    /// <summary>The JSON-lines file; a relative path is taken from the working directory.</summary>
    [Required]
    public string Path { get; set; } = "audit/artifact-downloaded.jsonl";

    /// <summary>How many message ids are remembered to skip redeliveries (the newest ones, read back from the file at start).</summary>
    [Range(1, 10_000_000)]
    public int RememberedIds { get; set; } = 100_000;
}
