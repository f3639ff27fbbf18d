namespace RecordsApi.Catalogue;

public static class CatalogueSetup
{
    /// <summary>The shipped catalogue, loaded at start-up after the migrations.</summary>
    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.AddOptions<CatalogueSettings>().BindConfiguration(CatalogueSettings.Section);
        services.AddHostedService<CatalogueStartup>();
        return services;
    }
}
