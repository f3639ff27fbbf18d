using System.Text.RegularExpressions;
using DbUp.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Paging;

namespace RecordsApi.Tests;

[Collection(CommandsCollection.Name)]
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
            var functionsJournal = (await connection.QueryAsync<string>("SELECT scriptname FROM schema_functions")).ToList();
            Assert.Equal(FunctionScripts.Embedded().Select(script => script.Name), functionsJournal.Order());
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

    [Fact]
    public async Task A_changed_function_script_is_applied_again_at_the_next_start_and_an_unchanged_one_is_not()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync("records_function_scripts");
        await using var db = NpgsqlDataSource.Create(connectionString);
        Task StartAsync(IReadOnlyList<SqlScript> functions) =>
            new DatabaseStartup(db, new MigrationSettings(connectionString), [new CursorCodec()], NullLogger<DatabaseStartup>.Instance) { Functions = functions }
                .StartAsync(CancellationToken.None);
        var shipped = FunctionScripts.Embedded();
        Assert.True(shipped.Count >= 2, "db/functions holds too few scripts for this test");
        var (changed, unchanged) = (shipped[0], shipped[1]);
        var edited = shipped.Select(s => s == changed ? new SqlScript(s.Name, s.Contents + "\n-- edited\n") : s).ToList();

        await StartAsync(shipped);
        await using var connection = await db.OpenConnectionAsync();
        var applied = await JournalAsync(connection);
        Assert.Equal(shipped.ToDictionary(s => s.Name, s => FunctionScripts.Hash(s.Contents)), applied.ToDictionary(r => r.Key, r => r.Value.Hash));

        // Mark one function of each script: CREATE OR REPLACE resets what ALTER FUNCTION set, so a mark
        // that survives a start shows its script did not run.
        var (ofChanged, ofUnchanged) = (FirstFunction(changed), FirstFunction(unchanged));
        await MarkAsync(connection, ofChanged);
        await MarkAsync(connection, ofUnchanged);

        await StartAsync(edited);
        Assert.False(await IsMarkedAsync(connection, ofChanged), $"{changed.Name} changed, but {ofChanged} was not defined again");
        Assert.True(await IsMarkedAsync(connection, ofUnchanged), $"{unchanged.Name} did not change, but {ofUnchanged} was defined again");
        var reapplied = await JournalAsync(connection);
        Assert.Equal(FunctionScripts.Hash(edited[0].Contents), reapplied[changed.Name].Hash);
        Assert.True(reapplied[changed.Name].Applied > applied[changed.Name].Applied);
        Assert.All(shipped.Skip(1), s => Assert.Equal(applied[s.Name], reapplied[s.Name]));

        // Once applied, the edited script is unchanged too: the next start leaves it alone.
        await MarkAsync(connection, ofChanged);
        await StartAsync(edited);
        Assert.True(await IsMarkedAsync(connection, ofChanged), $"{changed.Name} ran again though its text was as applied");
        Assert.Equal(reapplied, await JournalAsync(connection));
    }

    [Fact]
    public async Task Every_function_the_service_calls_exists_after_start_up_and_is_defined_in_db_functions()
    {
        // Every function and view a migration ever made or db/functions makes; which of them the service's
        // SQL names (a function as name(, a view by its name alone).
        var defined = FunctionScripts.Embedded().SelectMany(s => DefinedIn(s.Contents)).ToHashSet(StringComparer.Ordinal);
        var everDefined = typeof(DatabaseStartup).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("Migrations.", StringComparison.Ordinal))
            .SelectMany(name =>
            {
                using var reader = new StreamReader(typeof(DatabaseStartup).Assembly.GetManifestResourceStream(name)!);
                return DefinedIn(reader.ReadToEnd());
            })
            .Concat(defined)
            .ToHashSet(StringComparer.Ordinal);
        var source = string.Join("\n", Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "RecordsApi"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        await using var connection = await api.Database.OpenConnectionAsync();
        var functions = (await connection.QueryAsync<string>(
            """
            SELECT p.proname FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            """)).ToHashSet(StringComparer.Ordinal);
        var views = (await connection.QueryAsync<string>("SELECT viewname FROM pg_views WHERE schemaname = 'public'")).ToHashSet(StringComparer.Ordinal);
        var called = everDefined
            .Where(name => Regex.IsMatch(source, $@"\b{name}\b{(views.Contains(name) ? "" : @"\s*\(")}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("append_revision", called); // the scan finds what it must
        Assert.All(called, name => Assert.True(functions.Contains(name) || views.Contains(name), $"the service calls {name}, which does not exist after start-up"));
        Assert.All(called, name => Assert.True(defined.Contains(name), $"the service calls {name}, whose current definition is not in db/functions"));
        // One current definition: every function and view of the schema (but the extensions') is in db/functions.
        Assert.Equal(defined.Order(StringComparer.Ordinal), functions.Concat(views).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> DefinedIn(string sql) =>
        Regex.Matches(sql, @"^CREATE (?:OR REPLACE )?(?:FUNCTION|VIEW) (\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value);

    private static string FirstFunction(SqlScript script) =>
        Regex.Match(script.Contents, @"^CREATE OR REPLACE FUNCTION (\w+)", RegexOptions.Multiline) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{script.Name} defines no function");

    private static async Task MarkAsync(NpgsqlConnection connection, string function) =>
        await connection.ExecuteAsync(
            $"ALTER FUNCTION {(await connection.QuerySingleAsync<string>("SELECT oid::regprocedure::text FROM pg_proc WHERE proname = @function", new { function }))} COST 4242");

    private static async Task<bool> IsMarkedAsync(NpgsqlConnection connection, string function) =>
        await connection.QuerySingleAsync<float>("SELECT procost FROM pg_proc WHERE proname = @function", new { function }) == 4242;

    private static async Task<Dictionary<string, (string Hash, DateTime Applied)>> JournalAsync(NpgsqlConnection connection) =>
        (await connection.QueryAsync<(string Name, string Hash, DateTime Applied)>("SELECT scriptname, content_hash, applied FROM schema_functions"))
            .ToDictionary(row => row.Name, row => (row.Hash, row.Applied));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecordsApi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RecordsApi.sln above {AppContext.BaseDirectory}.");
    }
}
