namespace ModelHub.DownloadService.Downloads;

internal static class DownloadRegistration
{
    public static IHostApplicationBuilder AddArtifactDownloads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DownloadOptions>()
            .BindConfiguration(DownloadOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<AbandonedPartSweeper>();
        return builder;
    }
}
