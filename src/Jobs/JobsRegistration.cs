using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ModelHub.Jobs.Lifecycle;
using ModelHub.Jobs.Progress;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.SagaStore;
using ModelHub.Jobs.Submission;

namespace ModelHub.Jobs;

/// <summary>The jobs module's parts, each added by the hosts that need it.</summary>
public static class JobsRegistration
{
    /// <summary>The job saga, on its PostgreSQL store in <typeparamref name="TContext"/>'s job table (the Api hosts it).</summary>
    public static IBusRegistrationConfigurator AddJobLifecycle<TContext>(this IBusRegistrationConfigurator bus)
        where TContext : DbContext
    {
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

    // Each part binds the section: binding it twice in one host is harmless.
    private static void AddJobsOptions(this IHostApplicationBuilder builder) =>
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
