using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Lifecycle;
using ModelHub.Jobs.Progress;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.SagaStore;
using ModelHub.Jobs.Submission;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Jobs;

/// <summary>The jobs module's parts, each added by the hosts that need it.</summary>
public static class JobsRegistration
{
    /// <summary>The job saga, on its PostgreSQL store in <typeparamref name="TContext"/>'s job table (the Api hosts it).</summary>
    public static IBusRegistrationConfigurator AddJobLifecycle<TContext>(this IBusRegistrationConfigurator bus)
        where TContext : DbContext
    {
        foreach (var kind in JobKindRegistry.All)
        {
            bus.AddSingleton(kind);
        }

        bus.AddSagaStateMachine<JobLifecycleStateMachine, JobState, JobStateDefinition>()
            .UsePostgresSagaStore<JobState, TContext>();
        return bus;
    }

    /// <summary>
    /// Submitting jobs (<see cref="JobSubmitter"/>: the row, then the announcement) into
    /// <typeparamref name="TContext"/>'s job table, which must be registered as scoped.
    /// </summary>
    public static IHostApplicationBuilder AddJobSubmission<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext
    {
        builder.AddJobsOptions();
        // The module's code asks for the DbContext that maps the job table, whichever application's it is.
        builder.Services.TryAddScoped<DbContext>(services => services.GetRequiredService<TContext>());
        builder.Services.TryAddSingleton<IJobAnnouncer, JobAnnouncer>();
        builder.Services.TryAddScoped<JobSubmitter>();
        return builder;
    }

    /// <summary>The dispatcher that announces again the accepted jobs whose announcement was lost (needs <see cref="AddJobSubmission{TContext}"/>).</summary>
    public static IHostApplicationBuilder AddJobDispatcher(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<PendingJobDispatcher>();
        return builder;
    }

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
    private static void AddJobsOptions(this IHostApplicationBuilder builder) =>
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
