using MassTransit;

namespace ModelHub.ScanService.CacheView;

/// <summary>
/// One queue every ScanService instance shares (the view is one folder); up to 200 files a batch, taken as they come (a
/// lone pull-through waits no more than a tenth of a second), two batches at a time. A batch that fails goes back to the
/// queue after a pause: the view only adds what is still stored.
/// </summary>
internal sealed class CacheViewFilesConsumerDefinition : ConsumerDefinition<CacheViewFilesConsumer>
{
    public const int FilesPerBatch = 200;
    public const int Batches = 2;

    public CacheViewFilesConsumerDefinition()
    {
        EndpointName = "cache-view-files";
        Endpoint(e => e.PrefetchCount = FilesPerBatch * Batches);
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CacheViewFilesConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 1000, 5000));
        consumerConfigurator.Options<BatchOptions>(o => o.SetMessageLimit(FilesPerBatch).SetTimeLimit(TimeSpan.FromMilliseconds(100)).SetConcurrencyLimit(Batches));
    }
}
