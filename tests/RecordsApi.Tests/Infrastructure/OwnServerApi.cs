using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The service on a PostgreSQL server of the test's own, which the test may stop, crash and start
/// again without disturbing the tests on the shared server.
/// </summary>
public sealed class OwnServerApi(string connectionString, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public string ConnectionString => connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
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
