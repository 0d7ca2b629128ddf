namespace ModelHub.SyncService.Sync;

internal static class SyncRegistration
{
    public static IHostApplicationBuilder AddRepositorySync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SyncOptions>()
            .BindConfiguration(SyncOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ArtifactWriter>();
        builder.Services.AddScoped<TreeRecorder>();
        builder.Services.AddScoped<RepositorySyncer>();
        return builder;
    }
}
