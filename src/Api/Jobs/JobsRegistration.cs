using MassTransit;
using ModelHub.Persistence;
using ModelHub.Persistence.Jobs;
using ModelHub.Persistence.Sagas;

namespace ModelHub.Api.Jobs;

internal static class JobsRegistration
{
    /// <summary>The job saga on its PostgreSQL repository (a part of the Api's bus).</summary>
    public static IBusRegistrationConfigurator AddJobLifecycle(this IBusRegistrationConfigurator bus)
    {
        bus.AddSagaStateMachine<JobLifecycleStateMachine, JobState, JobStateDefinition>()
            .UsePostgresSagaRepository<JobState, ModelHubDbContext>();
        return bus;
    }

    /// <summary>Accepting jobs, and the dispatcher that keeps the promise that accepted jobs run.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IJobAnnouncer, JobAnnouncer>();
        builder.Services.AddScoped<JobSubmitter>();
        builder.Services.AddHostedService<PendingJobDispatcher>();
        return builder;
    }
}
