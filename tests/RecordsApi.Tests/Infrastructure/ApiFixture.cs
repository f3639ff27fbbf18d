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

    /// <summary>A fresh, empty database on the same server, for tests that need one of their own.</summary>
    public Task<string> CreateDatabaseAsync(string name) => server!.CreateDatabaseAsync(name);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        builder.UseEnvironment("Testing");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
