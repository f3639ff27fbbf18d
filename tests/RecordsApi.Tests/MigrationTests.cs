using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Tests.Infrastructure;

namespace RecordsApi.Tests;

[Collection(ApiCollection.Name)]
public sealed class MigrationTests(ApiFixture api)
{
    [Fact]
    public async Task Instances_starting_together_apply_each_migration_exactly_once()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync("records_migration_race");
        var instances = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(db => Task.Run(() =>
                new DatabaseStartup(db, new MigrationSettings(connectionString), [new CursorCodec()], NullLogger<DatabaseStartup>.Instance)
                    .StartAsync(CancellationToken.None))));

            await using var connection = await instances[0].OpenConnectionAsync();
            var journal = (await connection.QueryAsync<string>("SELECT scriptname FROM schema_migrations")).ToList();
            var embedded = typeof(DatabaseStartup).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal)).ToList();
            Assert.Equal(embedded.Order(), journal.Order());
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM people WHERE slug = 'yulia-peresild'"));
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM service_secrets"));
        }
        finally
        {
            foreach (var db in instances)
            {
                await db.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Every_seeded_person_has_a_first_revision()
    {
        await using var connection = await api.Database.OpenConnectionAsync();

        var without = await connection.ExecuteScalarAsync<int>(
            """
            SELECT count(*) FROM people p
            WHERE p.created_at = (SELECT min(created_at) FROM people) -- the seed migration's rows
              AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.resource = 'people' AND r.resource_id = p.id AND r.operation = 'create')
            """);

        Assert.Equal(0, without);
    }
}
