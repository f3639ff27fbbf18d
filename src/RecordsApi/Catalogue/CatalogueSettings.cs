namespace RecordsApi.Catalogue;

/// <summary>Configuration section "Catalogue".</summary>
public sealed class CatalogueSettings
{
    public const string Section = "Catalogue";

    /// <summary>The largest import body accepted: many times the whole catalogue.</summary>
    public const long MaxImportBytes = 32 * 1024 * 1024;

    /// <summary>Load the catalogue the service ships (db/catalogue) at start-up when it differs from the last one loaded.</summary>
    public bool ImportOnStartup { get; set; } = true;
}
