namespace ModelHub.IntegrationTests.Faults;

/// <summary>A response body read the way a client does, to tell a whole body from one cut short.</summary>
internal static class ResponseBodies
{
    /// <summary>The bytes received, and the error that ended the body early (null when it ended as complete).</summary>
    public static async Task<(long Received, Exception? Failure)> ReadToTheEndAsync(HttpResponseMessage response)
    {
        var buffer = new byte[64 * 1024];
        long received = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            for (int read; (read = await body.ReadAsync(buffer)) > 0;)
            {
                received += read;
            }

            return (received, null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return (received, e);
        }
    }
}
