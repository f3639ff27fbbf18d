using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Validation;
using RecordsApi.Resources;

namespace RecordsApi.Catalogue;

/// <summary>
/// <c>catalogue …</c> on the service's own executable: the importer and the export of POST /v1/import
/// and GET /v1/export, run against the database the service would use (same configuration). A summary
/// goes to standard output, every refused line to standard error as FILE:LINE: field: message.
/// </summary>
public static class CatalogueCommands
{
    public const string Usage = """
        Usage:
          catalogue import [--dry-run] [FILE ...]
                 Loads NDJSON files (- for standard input) in the export's format, all or nothing, upserting by
                 slug; without FILE, the catalogue shipped with the service (db/catalogue). --dry-run checks
                 every line and says what would change, writing nothing. Exit 0 when imported (or nothing
                 to change), 1 when a line was refused.
          catalogue export [FILE]
                 Writes the whole catalogue as NDJSON, from one snapshot, to FILE or standard output.
        The database is the service's: ConnectionStrings__Postgres, appsettings.json or user secrets.
        """;

    public static bool IsCommand(string[] args) => args is ["catalogue", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args[1..])
        {
            case ["import", .. var rest]:
                var dryRun = rest.Contains("--dry-run");
                var files = rest.Where(a => a != "--dry-run").ToArray();
                if (files.FirstOrDefault(f => f.StartsWith("--", StringComparison.Ordinal)) is { } unknown)
                {
                    await Console.Error.WriteLineAsync($"catalogue import: unexpected '{unknown}'.\n{Usage}");
                    return 2;
                }

                return await WithDatabaseAsync(services => ImportAsync(services, files, dryRun, Console.Out, Console.Error));
            case ["export"]:
                return await WithDatabaseAsync(services => ExportAsync(services, Console.OpenStandardOutput()));
            case ["export", var file]:
                return await WithDatabaseAsync(async services =>
                {
                    await using var output = File.Create(file);
                    return await ExportAsync(services, output);
                });
            case ["help"] or ["--help"] or ["-h"]:
                await Console.Out.WriteLineAsync(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>Reads the files (none: the shipped catalogue) and imports them; returns the exit code.</summary>
    public static async Task<int> ImportAsync(IServiceProvider services, IReadOnlyList<string> files, bool dryRun, TextWriter output, TextWriter error)
    {
        var reader = CatalogueReader.Create(services);
        var batch = new CatalogueBatch();
        string hash;
        if (files.Count == 0)
        {
            hash = await ShippedCatalogue.ReadAsync(reader, batch, CancellationToken.None);
        }
        else
        {
            var text = new System.Text.StringBuilder();
            foreach (var file in files)
            {
                if (file != "-" && !File.Exists(file))
                {
                    await error.WriteLineAsync($"catalogue import: no file '{file}'.");
                    return 2;
                }

                var content = file == "-" ? await Console.In.ReadToEndAsync() : await File.ReadAllTextAsync(file);
                text.Append(content);
                await reader.ReadAsync(new StringReader(content), file == "-" ? "stdin" : Path.GetFileName(file), batch, CancellationToken.None);
            }

            hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
        }

        var outcome = await CatalogueImporter.ImportAsync(
            services.GetRequiredService<NpgsqlDataSource>(), batch, new RevisionAuthor("cli:" + Environment.UserName), claim: null, hash, dryRun, CancellationToken.None);
        if (outcome.Summary is not { } summary)
        {
            foreach (var problem in outcome.Problems)
            {
                await error.WriteLineAsync(Describe(problem));
            }

            await error.WriteLineAsync($"{outcome.Problems.Count} line(s) refused; nothing was imported.");
            return 1;
        }

        var verb = summary.DryRun ? "would be" : "were";
        await output.WriteLineAsync(
            $"people: {Counts(summary.People)}\nmissions: {Counts(summary.Missions)}\nrecords: {Counts(summary.Records)}");
        await output.WriteLineAsync(summary.Changed
            ? $"{summary.Changes.Count} resource(s) {verb} created or updated{(summary.DryRun ? " (dry run: nothing written)" : "")}."
            : "Nothing to change: the data already matches every line.");
        return 0;
    }

    /// <summary>FILE:LINE (slug): field: message; one line per message.</summary>
    public static string Describe(LineProblem problem) =>
        string.Join('\n', problem.Errors.SelectMany(e => e.Value.Select(message =>
            $"{problem.Source}:{problem.Line}{(problem.Slug is null ? "" : $" ({problem.Slug})")}: {e.Key}: {message}")));

    private static string Counts(ImportCounts counts) => $"{counts.Created} created, {counts.Updated} updated, {counts.Unchanged} unchanged";

    private static async Task<int> ExportAsync(IServiceProvider services, Stream output)
    {
        await using var snapshot = await CatalogueExporter.OpenAsync(await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(), CancellationToken.None);
        await snapshot.WriteAsync(output, CancellationToken.None);
        return 0;
    }

    private static async Task<int> WithDatabaseAsync(Func<IServiceProvider, Task<int>> run)
    {
        await using var app = await CommandHost.StartAsync(services => services.AddApiValidation());
        if (app is null)
        {
            return 1;
        }

        try
        {
            return await run(app.Services);
        }
        catch (NpgsqlException exception)
        {
            await Console.Error.WriteLineAsync($"The database refused: {exception.Message}");
            return 1;
        }
    }
}
