using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ModelHub.Storage;

public static class StorageRegistration
{
    /// <summary>The model store at <c>Storage:Root</c> (required; <c>./hub up</c> sets it), and its size as a metric.</summary>
    public static IHostApplicationBuilder AddModelStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<BlobStore>();
        builder.Services.AddSingleton<StoreInventory>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<StoreSizeGauge>();
        return builder;
    }
}
