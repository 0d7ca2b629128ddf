using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ModelHub.Storage.CacheView;

namespace ModelHub.Storage;

public static class StorageRegistration
{
    /// <summary>The model store at <c>Storage:Root</c> (required; <c>./hub up</c> sets it), its size as a metric, and the cache view (off unless <c>CacheView:Folder</c> is set).</summary>
    public static IHostApplicationBuilder AddModelStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<BlobStore>();
        builder.Services.AddSingleton<StoreInventory>();
        builder.Services.AddOptions<CacheViewOptions>().BindConfiguration(CacheViewOptions.Section);
        builder.Services.AddSingleton<HfCacheView>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<StoreSizeGauge>();
        return builder;
    }
}
