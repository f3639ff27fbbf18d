namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The service on a PostgreSQL cluster of the tests' own, which they may stop, crash and start again
/// without disturbing the tests on the shared server.
/// </summary>
public abstract class OwnClusterFixture(string databaseName, bool durable = false, IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public OwnServerApi Api { get; private set; } = null!;

    /// <summary>A client with a write key, that does not follow redirects. (With a key, even a read needs the database, to check the key.)</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client without a key, as probes and readers are.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartOwnClusterAsync(durable);
        Api = new OwnServerApi(await Server.CreateDatabaseAsync(databaseName), settings);
        Client = await Api.CreateWriterClientAsync(new() { AllowAutoRedirect = false });
        Anonymous = Api.CreateClient(new() { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Server.DisposeAsync();
    }
}
