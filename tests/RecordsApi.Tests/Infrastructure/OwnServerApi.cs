using RecordsApi.Infrastructure.Auth;
using RecordsApi.Keys;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The service on a PostgreSQL server of the test's own, which the test may stop, crash and start
/// again without disturbing the tests on the shared server. Budgets are out of reach, as in ApiFixture.
/// </summary>
public sealed class OwnServerApi(string connectionString, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private string? writerKey;

    public string ConnectionString => connectionString;

    /// <summary>A write key, made on first use (the database must be up then).</summary>
    public async Task<string> WriterKeyAsync()
    {
        if (writerKey is null)
        {
            var created = await KeysStore.CreateAsync(Services.GetRequiredService<NpgsqlDataSource>(), UniqueSlug("own-writer"), ApiKeyScope.Write, "tests");
            writerKey = created!.Key;
        }

        return writerKey;
    }

    /// <summary>A client that sends the write key.</summary>
    public async Task<HttpClient> CreateWriterClientAsync(WebApplicationFactoryClientOptions? options = null)
    {
        var client = CreateClient(options ?? new());
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, await WriterKeyAsync());
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        // The tests write their own rows; the shipped catalogue is loaded only where a test asks for it.
        builder.UseSetting("Catalogue:ImportOnStartup", "false");
        foreach (var budget in new[] { "AnonymousReads", "KeyedReads", "AnonymousWrites", "KeyedWrites" })
        {
            builder.UseSetting($"RateLimits:{budget}", "1000000");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
    }

    /// <summary>A connection for the test's own checks, unpooled so a server restart leaves no broken connections behind.</summary>
    public async Task<NpgsqlConnection> OpenTestConnectionAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
