namespace ModelHub.Api.Management.Storage;

internal static class ScanScheduleRegistration
{
    /// <summary>Scans on a schedule (off unless <c>ScanSchedule</c> sets an interval).</summary>
    public static IHostApplicationBuilder AddScanSchedule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScanScheduleOptions>()
            .BindConfiguration(ScanScheduleOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ScanScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScanScheduler>());
        return builder;
    }
}
