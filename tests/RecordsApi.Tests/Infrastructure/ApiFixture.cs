using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The real service over real HTTP handling, on a real PostgreSQL started once for the test run.
/// Tests share the database (with its seed data) and keep out of each other's way by making their
/// own uniquely named rows.
/// </summary>
public sealed class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, Task<IsolatedApi>> isolated = [];
    private PostgresServer? server;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        server = await PostgresServer.StartAsync();
        ConnectionString = await server.CreateDatabaseAsync("records_tests");
        Database = NpgsqlDataSource.Create(ConnectionString);
        // Start the host now so migrations run once, before the first test.
        _ = Services;
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
        var connectionString = await server!.CreateDatabaseAsync(databaseName);
        var factory = WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Postgres", connectionString));
        // Start the host now so its migrations run before the first test uses it.
        _ = factory.Services;
        return new IsolatedApi(factory, NpgsqlDataSource.Create(connectionString));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        builder.UseEnvironment("Testing");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // The factories made by WithWebHostBuilder are disposed with this one.
        await base.DisposeAsync();
        await Database.DisposeAsync();
        foreach (var api in isolated.Values)
        {
            await (await api).Database.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

/// <summary>The service on a database that only the tests given it write to.</summary>
public sealed class IsolatedApi(WebApplicationFactory<Program> factory, NpgsqlDataSource database)
{
    public NpgsqlDataSource Database { get; } = database;

    public HttpClient CreateClient() => factory.CreateClient();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
