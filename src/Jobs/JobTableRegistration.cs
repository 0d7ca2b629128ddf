using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Lifecycle;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.SagaStore;
using ModelHub.Jobs.Submission;

namespace ModelHub.Jobs;

/// <summary>
/// The jobs module's parts that work on the job table through a DbContext (the Api's saga and submissions, a scan's
/// repair downloads). Apart from <see cref="JobsRegistration"/> because the runtime loads the constraint types of a
/// class's generic methods (here EF Core's <see cref="DbContext"/>) when it loads the class: while these methods were
/// there, the DownloadService, which only runs jobs, loaded EF Core's assembly for them alone.
/// </summary>
public static class JobTableRegistration
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
}
