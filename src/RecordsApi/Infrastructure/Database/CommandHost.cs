namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// For commands run on the service's own executable (<c>keys …</c>, <c>catalogue …</c>): the service's
/// database configuration, quiet logging on standard error, and the schema brought up to date.
/// </summary>
public static class CommandHost
{
    private static readonly TimeSpan DatabaseWait = TimeSpan.FromSeconds(30);

    /// <summary>The host with its database migrated, or null after saying on standard error why not.</summary>
    public static async Task<WebApplication?> StartAsync(Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        try
        {
            builder.AddDatabase();
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return null;
        }

        services(builder.Services);
        var app = builder.Build();
        using var timeout = new CancellationTokenSource(DatabaseWait);
        try
        {
            foreach (var startup in app.Services.GetServices<IHostedService>().OfType<DatabaseStartup>())
            {
                await startup.StartAsync(timeout.Token);
            }

            return app;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"The database could not be reached within {DatabaseWait.TotalSeconds} s.");
        }
        catch (NpgsqlException exception)
        {
            await Console.Error.WriteLineAsync($"The database refused: {exception.Message}");
        }

        await app.DisposeAsync();
        return null;
    }
}
