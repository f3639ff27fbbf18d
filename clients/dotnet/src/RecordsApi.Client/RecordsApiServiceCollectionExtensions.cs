using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace RecordsApi.Client;

/// <summary>Registers <see cref="RecordsApiClient"/> as a typed HttpClient.</summary>
public static class RecordsApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RecordsApiClient"/> with the key handler and the 429/503 retries
    /// (Microsoft.Extensions.Http.Resilience); returns the builder to add handlers of your own.
    /// </summary>
    public static IHttpClientBuilder AddRecordsApiClient(this IServiceCollection services, Action<RecordsApiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RecordsApiClientOptions();
        configure(options);
        services.AddSingleton(options);
        var builder = services
            .AddHttpClient<RecordsApiClient>(http => http.BaseAddress = options.Root)
            .ConfigurePrimaryHttpMessageHandler(RecordsApiClient.CreatePrimaryHandler);
        if (options.ApiKey is { Length: > 0 } key)
        {
            builder.AddHttpMessageHandler(() => new ApiKeyHandler(key, options.Root));
        }

        if (options.MaxRetries > 0)
        {
            builder.AddResilienceHandler("records-api", pipeline => pipeline.AddRetry(Retries.Strategy(options)));
        }

        return builder;
    }
}
