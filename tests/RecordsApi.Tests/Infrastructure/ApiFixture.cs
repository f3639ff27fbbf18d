using RecordsApi.Infrastructure.Auth;
using RecordsApi.Keys;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The real service over real HTTP handling, on a real PostgreSQL started once for the test run.
/// Tests share the database (with its seed data) and keep out of each other's way by making their
/// own uniquely named rows. Reads need no key; <see cref="CreateWriterClient"/> and
/// <see cref="CreateAdminClient"/> send keys made at start-up the way `keys create` makes them.
/// </summary>
public class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string WriterName = "tests-writer";
    public const string AdminName = "tests-admin";

    /// <summary>A browser origin the fixture allows to write (Cors:WriteOrigins).</summary>
    public const string WriteOrigin = "https://editor.example.org";

    private readonly Dictionary<string, Task<IsolatedApi>> isolated = [];
    private bool serverAcquired;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource Database { get; private set; } = null!;

    public string WriterKey { get; private set; } = "";

    public string AdminKey { get; private set; } = "";

    private static int instances;

    /// <summary>Each collection that shares this fixture gets an instance, and each instance a database of its own.</summary>
    protected virtual string DatabaseName { get; } = $"records_tests_{Interlocked.Increment(ref instances)}";

    public async Task InitializeAsync()
    {
        var server = await SharedPostgres.AcquireAsync();
        serverAcquired = true;
        ConnectionString = await server.CreateMigratedDatabaseAsync(DatabaseName);
        Database = NpgsqlDataSource.Create(ConnectionString);
        // Start the host now so migrations run once, before the first test.
        var db = Services.GetRequiredService<NpgsqlDataSource>();
        WriterKey = (await KeysStore.CreateAsync(db, WriterName, ApiKeyScope.Write, "tests"))!.Key;
        AdminKey = (await KeysStore.CreateAsync(db, AdminName, ApiKeyScope.Admin, "tests"))!.Key;
    }

    /// <summary>A client that sends the write key, for POST, PUT and DELETE.</summary>
    public HttpClient CreateWriterClient() => CreateClientWithKey(WriterKey);

    /// <summary>A client that sends the admin key, for key management.</summary>
    public HttpClient CreateAdminClient() => CreateClientWithKey(AdminKey);

    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        return client;
    }

    /// <summary>A database on the same server, migrated as the service leaves it, for tests that need one of their own.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync(string name)
    {
        var server = await SharedPostgres.AcquireAsync();
        try
        {
            return await server.CreateMigratedDatabaseAsync(name);
        }
        finally
        {
            await SharedPostgres.ReleaseAsync();
        }
    }

    /// <summary>A fresh, empty database on the same server, for tests that need one of their own.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        // The server is shared and this fixture already holds it: acquire and release leaves the count as it was.
        var server = await SharedPostgres.AcquireAsync();
        try
        {
            return await server.CreateDatabaseAsync(name);
        }
        finally
        {
            await SharedPostgres.ReleaseAsync();
        }
    }

    /// <summary>
    /// The service again, on a database of its own on the same server, migrated and seeded like the
    /// shared one; made once per name and disposed with the fixture. For tests whose answers depend on
    /// every row of a table (a leaderboard ranks every flight), which rows other tests make would change.
    /// Tests using it still run one at a time (one collection) and must remove what they add.
    /// </summary>
    public Task<IsolatedApi> IsolatedAsync(string databaseName)
    {
        lock (isolated)
        {
            if (!isolated.TryGetValue(databaseName, out var api))
            {
                api = StartIsolatedAsync(databaseName);
                isolated[databaseName] = api;
            }

            return api;
        }
    }

    private async Task<IsolatedApi> StartIsolatedAsync(string databaseName)
    {
        var connectionString = await CreateMigratedDatabaseAsync(databaseName);
        var factory = WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Postgres", connectionString));
        // Start the host now so its migrations run before the first test uses it; its own writer key.
        var db = factory.Services.GetRequiredService<NpgsqlDataSource>();
        var writerKey = (await KeysStore.CreateAsync(db, WriterName, ApiKeyScope.Write, "tests"))!.Key;
        return new IsolatedApi(factory, NpgsqlDataSource.Create(connectionString), writerKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        builder.UseEnvironment("Testing");
        // The tests write their own rows; the shipped catalogue is loaded only where a fixture asks for it (CatalogueFixture).
        builder.UseSetting("Catalogue:ImportOnStartup", "false");
        builder.UseSetting("Cors:WriteOrigins:0", WriteOrigin);
        // The whole suite reads and writes from one client: budgets it cannot exhaust. LimitsFixture tests the limits.
        foreach (var budget in new[] { "AnonymousReads", "KeyedReads", "AnonymousWrites", "KeyedWrites" })
        {
            builder.UseSetting($"RateLimits:{budget}", "1000000");
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // The factories made by WithWebHostBuilder are disposed with this one.
        await base.DisposeAsync();
        foreach (var api in isolated.Values)
        {
            await (await api).Database.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        if (serverAcquired)
        {
            await SharedPostgres.ReleaseAsync();
        }
    }
}

/// <summary>The service on a database that only the tests given it write to.</summary>
public sealed class IsolatedApi(WebApplicationFactory<Program> factory, NpgsqlDataSource database, string writerKey)
{
    public NpgsqlDataSource Database { get; } = database;

    public HttpClient CreateClient() => factory.CreateClient();

    /// <summary>This service telling the time by <paramref name="clock"/>; see <see cref="ServiceVariants.WithClock"/>.</summary>
    public WebApplicationFactory<Program> WithClock(TimeProvider clock) => factory.WithClock(clock);

    /// <summary>A client that sends this database's write key, for POST, PUT and DELETE.</summary>
    public HttpClient CreateWriterClient()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, writerKey);
        return client;
    }
}

// The HTTP tests run in three collections side by side, each with its own ApiFixture and database;
// the tests within one collection run one at a time.
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

[CollectionDefinition(Name)]
public sealed class ApiCollection2 : ICollectionFixture<ApiFixture>
{
    public const string Name = "api-2";
}

/// <summary>The tests that start processes or migrate databases of their own: slow, and apart from the rest.</summary>
[CollectionDefinition(Name)]
public sealed class CommandsCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "commands";
}
