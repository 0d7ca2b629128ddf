namespace ModelHub.Api.Security;

/// <summary><c>ModelHub.Api new-key</c>: prints a new API key and the hash to configure for it (what <c>./hub key</c> runs).</summary>
internal static class NewKeyCommand
{
    public static bool IsRequested(string[] args) => args is ["new-key", ..];

    public static int Run()
    {
        var key = ApiKeys.NewKey();
        Console.WriteLine($"key  {key}");
        Console.WriteLine($"hash {ApiKeys.Hash(key)}");
        return 0;
    }
}
