using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Progress;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Jobs;

/// <summary>
/// The jobs module's parts, each added by the hosts that need it; those on the job table's DbContext are in
/// <see cref="JobTableRegistration"/>.
/// </summary>
public static class JobsRegistration
{
    /// <summary>Running jobs' live figures in Redis (needs <c>AddModelHubRedis()</c>).</summary>
    public static IHostApplicationBuilder AddJobProgress(this IHostApplicationBuilder builder)
    {
        builder.AddJobsOptions();
        builder.Services.TryAddSingleton<LiveProgress>();
        return builder;
    }

    /// <summary>Running jobs in a worker service: their progress and their cancellation (needs <c>AddModelHubRedis()</c>).</summary>
    public static IHostApplicationBuilder AddJobRunning(this IHostApplicationBuilder builder)
    {
        builder.AddJobProgress();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RunningJobs>();
        return builder;
    }

    /// <summary>
    /// A job command's consumer (a <see cref="JobConsumer{TCommand}"/>) on its definition, and once per host the
    /// consumer that stops a cancelled job, on a queue of this instance (needs <see cref="AddJobRunning"/>).
    /// </summary>
    public static IBusRegistrationConfigurator AddJobConsumer<TConsumer, TDefinition>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>
    {
        bus.AddConsumer<TConsumer, TDefinition>();
        if (!bus.Any(service => service.ServiceType == typeof(JobCancelledConsumer)))
        {
            bus.AddConsumer<JobCancelledConsumer>().Endpoint(endpoint => endpoint.PerInstance());
        }

        return bus;
    }

    // Each part binds the section: binding it twice in one host is harmless.
    internal static void AddJobsOptions(this IHostApplicationBuilder builder) =>
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
