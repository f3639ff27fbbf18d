namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The service on a database of its own that loaded the shipped catalogue at start-up, as a fresh
/// database from ./run.sh does. The data tests read the whole catalogue through it; import tests that
/// change data must put it back.
/// </summary>
public sealed class CatalogueFixture : ApiFixture
{
    protected override string DatabaseName => "records_catalogue";

    /// <summary>The service on another new database, which does not load the catalogue itself.</summary>
    public async Task<(WebApplicationFactory<Program> Factory, string ConnectionString)> WithoutCatalogueAsync(string databaseName)
    {
        var connectionString = await CreateMigratedDatabaseAsync(databaseName);
        var factory = WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("Catalogue:ImportOnStartup", "false");
        });
        return (factory, connectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Catalogue:ImportOnStartup", "true");
    }
}

[CollectionDefinition(Name)]
public sealed class CatalogueCollection : ICollectionFixture<CatalogueFixture>
{
    public const string Name = "catalogue";
}
