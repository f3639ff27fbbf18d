using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using DbUp.Engine;
using DbUp.Engine.Transactions;

namespace RecordsApi.Infrastructure.Database;

/// <summary>
/// The repeatable scripts of db/functions (embedded as "Functions.*"): the one current definition of
/// every SQL function, trigger function and view, each a <c>CREATE OR REPLACE</c>. They run after the
/// numbered migrations, and again whenever their text changes (see db/README.md).
/// </summary>
internal static class FunctionScripts
{
    public const string ResourcePrefix = "Functions.";

    /// <summary>The scripts shipped in the assembly, in name order.</summary>
    public static IReadOnlyList<SqlScript> Embedded()
    {
        var assembly = typeof(FunctionScripts).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(name => new SqlScript(name, Read(assembly, name))),
        ];
    }

    /// <summary>
    /// What the journal keeps of a script: the SHA-256 of its text, line endings as in the repository
    /// (a checkout with CRLF endings is not a change).
    /// </summary>
    public static string Hash(string contents) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contents.ReplaceLineEndings("\n"))));

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// The journal of the repeatable scripts, in table <see cref="Table"/>: one row per script with the hash
/// of the text last applied. DbUp runs every script its journal does not list as executed; this one
/// lists a script only while its text hashes as it did when applied, so a changed script runs again
/// (and its new hash is stored in the same transaction) and an unchanged one does not. dbup-core 6 has
/// no run-on-change script type of its own.
/// </summary>
internal sealed class FunctionScriptJournal(Func<IConnectionManager> connectionManager, IReadOnlyList<SqlScript> scripts) : IJournal
{
    public const string Table = "schema_functions";

    public string[] GetExecutedScripts() =>
        connectionManager().ExecuteCommandsWithManagedConnection(commandFactory =>
        {
            var applied = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var exists = commandFactory())
            {
                exists.CommandText = $"SELECT to_regclass('public.{Table}') IS NOT NULL";
                if (exists.ExecuteScalar() is not true)
                {
                    return [];
                }
            }

            using (var read = commandFactory())
            {
                read.CommandText = $"SELECT scriptname, content_hash FROM public.{Table}";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    applied[reader.GetString(0)] = reader.GetString(1);
                }
            }

            return scripts
                .Where(script => applied.TryGetValue(script.Name, out var hash) && hash == FunctionScripts.Hash(script.Contents))
                .Select(script => script.Name)
                .ToArray();
        });

    public void StoreExecutedScript(SqlScript script, Func<IDbCommand> dbCommandFactory)
    {
        EnsureTableExistsAndIsLatestVersion(dbCommandFactory);
        using var command = dbCommandFactory();
        command.CommandText =
            $"""
            INSERT INTO public.{Table} (scriptname, content_hash) VALUES (@name, @hash)
            ON CONFLICT (scriptname) DO UPDATE SET content_hash = excluded.content_hash, applied = now()
            """;
        AddParameter(command, "name", script.Name);
        AddParameter(command, "hash", FunctionScripts.Hash(script.Contents));
        command.ExecuteNonQuery();
    }

    public void EnsureTableExistsAndIsLatestVersion(Func<IDbCommand> dbCommandFactory)
    {
        using var command = dbCommandFactory();
        command.CommandText =
            $"""
            CREATE TABLE IF NOT EXISTS public.{Table} (
                scriptname text PRIMARY KEY,
                content_hash text NOT NULL,
                applied timestamptz NOT NULL DEFAULT now()
            )
            """;
        command.ExecuteNonQuery();
    }

    private static void AddParameter(IDbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
