using Microsoft.Extensions.Options;
using RecordsApi.Resources;

namespace RecordsApi.Catalogue;

/// <summary>
/// After the migrations (DatabaseStartup runs first), loads the shipped catalogue when it is not the
/// one loaded last, so a fresh database, and every database after an upgrade that changed the data,
/// holds the whole catalogue. A catalogue that does not pass its checks stops the start: the tests
/// check it, so that is a build that must not run.
/// </summary>
internal sealed partial class CatalogueStartup(
    NpgsqlDataSource db, IOptions<CatalogueSettings> settings, IServiceProvider services, ILogger<CatalogueStartup> logger) : IHostedService
{
    public const string ChangedBy = "catalogue";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Value.ImportOnStartup)
        {
            return;
        }

        var batch = new CatalogueBatch();
        var hash = await ShippedCatalogue.ReadAsync(CatalogueReader.Create(services), batch, cancellationToken);
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            if (await CatalogueImporter.WasImportedAsync(connection, hash))
            {
                return;
            }
        }

        var outcome = await CatalogueImporter.ImportAsync(db, batch, new RevisionAuthor(ChangedBy), claim: null, hash, dryRun: false, cancellationToken);
        if (outcome.Summary is not { } summary)
        {
            throw new InvalidOperationException(
                "The shipped catalogue does not pass its checks:\n" + string.Join('\n', outcome.Problems.Select(CatalogueCommands.Describe)));
        }

        LogImported(logger, summary.People.Created + summary.Missions.Created + summary.Records.Created,
            summary.People.Updated + summary.Missions.Updated + summary.Records.Updated);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the shipped catalogue: {Created} created, {Updated} updated.")]
    private static partial void LogImported(ILogger logger, int created, int updated);
}
