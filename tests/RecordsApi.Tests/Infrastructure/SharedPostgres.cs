namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run, shared by every fixture (each with its own database):
/// the first fixture to ask starts it, the last to let go stops it.
/// </summary>
public static class SharedPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? server;
    private static int users;

    public static async Task<PostgresServer> AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            server ??= await PostgresServer.StartAsync();
            users++;
            return server;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task ReleaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--users == 0 && server is not null)
            {
                await server.DisposeAsync();
                server = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
