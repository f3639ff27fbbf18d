using Microsoft.AspNetCore.TestHost;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>Another instance of a service under test, on the same database, for a test that needs it changed (in-memory server).</summary>
public static class ServiceVariants
{
    /// <summary>The service with some settings changed.</summary>
    public static WebApplicationFactory<Program> WithSettings(this WebApplicationFactory<Program> factory, params (string Key, string Value)[] settings) =>
        factory.WithWebHostBuilder(builder => UseSettings(builder, settings));

    /// <summary>
    /// The service telling the time by <paramref name="clock"/> (rate windows, remembered keys, "today"),
    /// with some settings changed: the test moves the clock instead of waiting for it.
    /// </summary>
    public static WebApplicationFactory<Program> WithClock(this WebApplicationFactory<Program> factory, TimeProvider clock, params (string Key, string Value)[] settings) =>
        factory.WithWebHostBuilder(builder =>
        {
            UseSettings(builder, settings);
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        });

    private static void UseSettings(IWebHostBuilder builder, (string Key, string Value)[] settings)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
