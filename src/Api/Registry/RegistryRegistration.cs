namespace ModelHub.Api.Registry;

internal static class RegistryRegistration
{
    /// <summary>Finding and registering repositories, which both the management API and the Hub routes (auto-register) do.</summary>
    public static IHostApplicationBuilder AddRepositoryRegistry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RepositoryRegistry>();
        builder.Services.AddScoped<UpstreamNames>();
        return builder;
    }
}
