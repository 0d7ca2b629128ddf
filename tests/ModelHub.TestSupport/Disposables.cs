namespace ModelHub.TestSupport;

public static class Disposables
{
    /// <summary>Disposes each in turn, skipping those a fixture never got to create: teardown in the order given.</summary>
    public static async Task DisposeAllAsync(params IAsyncDisposable?[] resources)
    {
        foreach (var resource in resources)
        {
            if (resource is not null)
            {
                await resource.DisposeAsync();
            }
        }
    }
}
