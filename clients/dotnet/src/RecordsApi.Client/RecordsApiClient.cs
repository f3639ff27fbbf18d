using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace RecordsApi.Client;

/// <summary>
/// The Records API: <see cref="People"/>, <see cref="Missions"/> (with crews), <see cref="Records"/>
/// (with holdings), <see cref="Leaderboards"/>, the <see cref="Changes"/> feed and the
/// <see cref="Catalogue"/> export. Thread-safe; make one and keep it (or register it with
/// <see cref="RecordsApiServiceCollectionExtensions.AddRecordsApiClient"/>).
/// </summary>
public sealed class RecordsApiClient : IDisposable
{
    private readonly HttpClient? owned;

    /// <summary>
    /// A client over <paramref name="http"/>, whose BaseAddress is the service's root and whose handlers
    /// send the key and retry (as <see cref="Create"/> and AddRecordsApiClient set them up).
    /// </summary>
    public RecordsApiClient(HttpClient http, RecordsApiClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        options ??= new RecordsApiClientOptions();
        http.BaseAddress ??= options.Root;
        var connection = new ApiConnection(http);
        Connection = connection;
        People = new PeopleClient(connection, options);
        Missions = new MissionsClient(connection, options);
        Records = new RecordsClient(connection, options);
        Leaderboards = new LeaderboardsClient(connection);
        Changes = new ChangesClient(connection);
        Catalogue = new CatalogueClient(connection);
    }

    private RecordsApiClient(HttpClient http, RecordsApiClientOptions options, bool owns)
        : this(http, options)
    {
        owned = owns ? http : null;
    }

    public PeopleClient People { get; }

    /// <summary>The raw connection, for the tests of what the typed methods never send (a write without If-Match).</summary>
    internal ApiConnection Connection { get; }

    public MissionsClient Missions { get; }

    public RecordsClient Records { get; }

    public LeaderboardsClient Leaderboards { get; }

    public ChangesClient Changes { get; }

    public CatalogueClient Catalogue { get; }

    /// <summary>
    /// A client with its own HttpClient: the key handler, the 429/503 retries, and
    /// <paramref name="primaryHandler"/> (default: a SocketsHttpHandler that decompresses and does not follow redirects).
    /// </summary>
    public static RecordsApiClient Create(RecordsApiClientOptions options, HttpMessageHandler? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = primaryHandler ?? CreatePrimaryHandler();
        foreach (var outer in CreateHandlers(options).Reverse())
        {
            outer.InnerHandler = handler;
            handler = outer;
        }

        return new RecordsApiClient(new HttpClient(handler) { BaseAddress = options.Root }, options, owns: true);
    }

    /// <summary>The handlers the client puts in front of the network, outermost first: the key, then the retries.</summary>
    internal static IEnumerable<DelegatingHandler> CreateHandlers(RecordsApiClientOptions options)
    {
        if (options.ApiKey is { Length: > 0 } key)
        {
            yield return new ApiKeyHandler(key, options.Root);
        }

        if (options.MaxRetries > 0)
        {
            var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(Retries.Strategy(options)).Build();
            yield return new ResilienceHandler(pipeline);
        }
    }

    internal static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    public void Dispose() => owned?.Dispose();
}
