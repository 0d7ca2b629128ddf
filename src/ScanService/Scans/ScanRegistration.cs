using ModelHub.ScanService.CacheView;
using ModelHub.ScanService.Import;
using ModelHub.ScanService.Quota;
using ModelHub.ScanService.Reconcile;
using ModelHub.ScanService.Verify;

namespace ModelHub.ScanService.Scans;

internal static class ScanRegistration
{
    public static IHostApplicationBuilder AddStorageScans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScanSettings>()
            .BindConfiguration(ScanSettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<StorageScanner>();
        builder.Services.AddScoped<BlobFates>();
        builder.Services.AddScoped<RepairJobs>();
        builder.Services.AddScoped<ImportRecorder>();
        builder.Services.AddScoped<IStorageScan, VerifyScan>();
        builder.Services.AddScoped<IStorageScan, ReconcileScan>();
        builder.Services.AddScoped<IStorageScan, ImportScan>();
        builder.Services.AddScoped<IStorageScan, QuotaScan>();
        builder.Services.AddScoped<IStorageScan, CacheViewScan>();
        return builder;
    }
}
