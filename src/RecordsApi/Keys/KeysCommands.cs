using System.Globalization;
using RecordsApi.Infrastructure.Auth;
using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Keys;

/// <summary>
/// <c>keys …</c> on the service's own executable: make, list, check and revoke API keys in the database
/// the service would use (same configuration), after bringing its schema up to date. A new key is the
/// only thing written to standard output, so scripts can capture it; everything else goes to standard error.
/// </summary>
public static class KeysCommands
{
    public const string Usage = """
        Usage:
          keys create --name NAME [--scope write|admin] [--replace]
                 Makes a key and prints it once on standard output. With --replace, a live key of
                 the same name is revoked in the same step (rotation).
          keys list [--all]
                 Lists live keys (with --all, revoked ones too). Never shows secrets.
          keys revoke PREFIX
                 Revokes the key with that prefix (the 8 characters after rk_). It stops working at once.
          keys check
                 Reads a key from standard input; exits 0 if it is live, 1 if not.
        The database is the service's: ConnectionStrings__Postgres, appsettings.json or user secrets.
        """;

    public static bool IsCommand(string[] args) => args is ["keys", ..];

    /// <summary>Runs <c>keys …</c> from the command line of the service; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // A mistyped command is answered before any database is touched.
        if (Parse(args[1..], out var error) is not { } command)
        {
            await Console.Error.WriteLineAsync(error);
            return 2;
        }

        if (command is ShowHelp)
        {
            await Console.Out.WriteLineAsync(Usage);
            return 0;
        }

        await using var app = await CommandHost.StartAsync(_ => { });
        if (app is null)
        {
            return 1;
        }

        try
        {
            return await RunAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), command, Console.In, Console.Out, Console.Error, CancellationToken.None);
        }
        catch (NpgsqlException exception)
        {
            await Console.Error.WriteLineAsync($"The database refused: {exception.Message}");
            return 1;
        }
    }

    /// <summary>A command of <c>keys</c>, read from its arguments.</summary>
    public abstract record Command;

    public sealed record CreateKey(string Name, ApiKeyScope Scope, bool Replace) : Command;

    public sealed record ListKeys(bool IncludeRevoked) : Command;

    public sealed record RevokeKey(string Prefix) : Command;

    public sealed record CheckKey : Command;

    public sealed record ShowHelp : Command;

    /// <summary>Reads the arguments after <c>keys</c>; null with a message saying what is wrong.</summary>
    public static Command? Parse(string[] args, out string? error)
    {
        error = null;
        switch (args)
        {
            case ["create", .. var options]:
                return ParseCreate(options, out error);
            case ["list"]:
                return new ListKeys(false);
            case ["list", "--all"]:
                return new ListKeys(true);
            case ["revoke", var prefix] when ApiKeySecret.IsPrefix(prefix):
                return new RevokeKey(prefix);
            case ["revoke", var prefix]:
                error = $"keys revoke: '{prefix}' is not a key prefix (the 8 characters after rk_). `keys list --all` shows every prefix.";
                return null;
            case ["check"]:
                return new CheckKey();
            case ["help"] or ["--help"] or ["-h"]:
                return new ShowHelp();
            default:
                error = Usage;
                return null;
        }
    }

    /// <summary>Runs one command against a database; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        NpgsqlDataSource db, Command command, TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        switch (command)
        {
            case CreateKey create:
                return await CreateAsync(db, create, output, error, ct);
            case ListKeys list:
                return await ListAsync(db, list.IncludeRevoked, output, ct);
            case RevokeKey revoke:
                return await RevokeAsync(db, revoke.Prefix, error, ct);
            case CheckKey:
                return await KeysStore.IsLiveAsync(db, (await input.ReadToEndAsync(ct)).Trim(), ct) ? 0 : 1;
            default:
                await output.WriteLineAsync(Usage);
                return 0;
        }
    }

    private static CreateKey? ParseCreate(string[] options, out string? error)
    {
        error = null;
        string? name = null;
        var scope = ApiKeyScope.Write;
        var replace = false;
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--name" when i + 1 < options.Length:
                    name = options[++i];
                    break;
                case "--scope" when i + 1 < options.Length && options[i + 1] is ApiPolicies.Write or ApiPolicies.Admin:
                    scope = options[++i] == ApiPolicies.Admin ? ApiKeyScope.Admin : ApiKeyScope.Write;
                    break;
                case "--scope":
                    error = "keys create: --scope must be write or admin.";
                    return null;
                case "--replace":
                    replace = true;
                    break;
                default:
                    error = $"keys create: unexpected '{options[i]}'.\n{Usage}";
                    return null;
            }
        }

        if (name is null || !KeysStore.IsValidName(name))
        {
            error = $"keys create: --name {KeysStore.NameRule}";
            return null;
        }

        return new CreateKey(name, scope, replace);
    }

    private static async Task<int> CreateAsync(NpgsqlDataSource db, CreateKey create, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var created = await KeysStore.CreateAsync(db, create.Name, create.Scope, "cli:" + Environment.UserName, create.Replace, ct);
        if (created is null)
        {
            await error.WriteLineAsync($"A live key is already named '{create.Name}'. Choose another name, revoke that key, or add --replace.");
            return 1;
        }

        await output.WriteLineAsync(created.Key);
        await error.WriteLineAsync(
            $"Made key {created.Prefix} '{created.Name}' with scope {ApiPolicies.ScopeName(created.Scope)}. "
            + "It is shown only this once: store it now. Send it in the X-Api-Key header.");
        return 0;
    }

    private static async Task<int> ListAsync(NpgsqlDataSource db, bool includeRevoked, TextWriter output, CancellationToken ct)
    {
        var keys = new List<KeysStore.ApiKeyRow>();
        for (long after = 0; ;)
        {
            var page = await KeysStore.ListAsync(db, includeRevoked, after, 500, ct);
            keys.AddRange(page);
            if (page.Count < 500)
            {
                break;
            }

            after = page[^1].Id;
        }

        var rows = keys.Select(k => k.ToInfo())
            .Select(k => new[] { k.Prefix, k.Name, ApiPolicies.ScopeName(k.Scope), Time(k.CreatedAt), Time(k.LastUsedAt), Time(k.RevokedAt) })
            .Prepend(["PREFIX", "NAME", "SCOPE", "CREATED", "LAST USED", "REVOKED"])
            .ToList();
        var widths = Enumerable.Range(0, 6).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }

        return 0;
    }

    private static async Task<int> RevokeAsync(NpgsqlDataSource db, string prefix, TextWriter error, CancellationToken ct)
    {
        if (await KeysStore.RevokeAsync(db, prefix, "cli:" + Environment.UserName, ct) is not { } revoked)
        {
            await error.WriteLineAsync($"No key has the prefix '{prefix}'. `keys list --all` shows every prefix.");
            return 1;
        }

        await error.WriteLineAsync($"Key {revoked.Prefix} '{revoked.Name}' is revoked (since {Time(revoked.RevokedAt)}).");
        return 0;
    }

    private static string Time(DateTime? time) =>
        time is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
