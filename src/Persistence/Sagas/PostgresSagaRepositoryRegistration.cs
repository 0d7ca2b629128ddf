using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace ModelHub.Persistence.Sagas;

public static class PostgresSagaRepositoryRegistration
{
    /// <summary>
    /// Keeps the saga's instances in <typeparamref name="TContext"/>'s table for <typeparamref name="TSaga"/>,
    /// one transaction and one row lock per message. <typeparamref name="TContext"/> must be registered
    /// as scoped (<c>AddModelHubDatabase()</c> does), and the saga's endpoint should call
    /// <see cref="SagaRetryPolicy.UsePostgresSagaRetry"/>: two first messages for one instance collide
    /// on the primary key, and the loser must be retried.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> UsePostgresSagaRepository<TSaga, TContext>(
        this ISagaRegistrationConfigurator<TSaga> saga)
        where TSaga : class, SagaStateMachineInstance
        where TContext : DbContext =>
        saga.Repository(services =>
        {
            services.RegisterLoadSagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TSaga, TContext>>();
            services.RegisterQuerySagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TSaga, TContext>>();
            services.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>,
                PostgresSagaRepositoryContextFactory<TSaga, TContext>>();
        });
}
