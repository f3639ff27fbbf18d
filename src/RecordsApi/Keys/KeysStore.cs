using System.Text.RegularExpressions;
using RecordsApi.Infrastructure.Auth;
using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Keys;

/// <summary>A key as the service knows it: never the secret.</summary>
public sealed record ApiKeyInfo(
    string Prefix,
    string Name,
    ApiKeyScope Scope,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime? LastUsedAt,
    DateTime? RevokedAt,
    string? RevokedBy);

/// <summary>A key just made, with its text in <c>key</c>: the only time the service ever shows it.</summary>
public sealed record CreatedApiKey(string Key, string Prefix, string Name, ApiKeyScope Scope, DateTime CreatedAt);

/// <summary>All SQL about API keys. The CLI, the HTTP endpoints and authentication all come through here.</summary>
public static partial class KeysStore
{
    public const int MaxNameLength = 64;

    /// <summary>How often at most last_used_at is written for a key: a busy key must not turn every read into a write.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The name a revision records when no key made the change; no key may take it.</summary>
    public const string AnonymousName = "anonymous";

    /// <summary>1 to 64 characters: letters, digits and . _ @ -, starting with a letter or digit.</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$";

    public static bool IsValidName(string? name) =>
        name is not null && NameRegex().IsMatch(name) && !string.Equals(name, AnonymousName, StringComparison.OrdinalIgnoreCase);

    public const string NameRule =
        $"Must be 1 to 64 characters: letters, digits and . _ @ -, starting with a letter or digit (not '{AnonymousName}'). It is public: history shows it as changedBy.";

    /// <summary>
    /// Makes a key. With <paramref name="replace"/>, a live key of the same name is revoked in the same
    /// transaction (rotation); without it, a live key of that name is a conflict (null).
    /// </summary>
    public static async Task<CreatedApiKey?> CreateAsync(
        NpgsqlDataSource db, string name, ApiKeyScope scope, string createdBy, bool replace = false, CancellationToken ct = default)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException(NameRule, nameof(name));
        }

        // A prefix collision (1 in 2^40 per pair) gets a fresh key rather than an error.
        for (var attempt = 1; ; attempt++)
        {
            var secret = ApiKeySecret.Generate();
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await Transactions.BeginAsync(connection, ct);
            try
            {
                if (replace)
                {
                    await connection.ExecuteAsync(
                        "UPDATE api_keys SET revoked_at = now(), revoked_by = @createdBy WHERE name = @name AND revoked_at IS NULL",
                        new { name, createdBy }, transaction);
                }

                var row = await connection.QuerySingleAsync<ApiKeyRow>(
                    $"""
                    INSERT INTO api_keys (prefix, secret_hash, name, scope, created_by)
                    VALUES (@prefix, @hash, @name, @scope, @createdBy)
                    RETURNING {Columns}
                    """,
                    new { prefix = secret.Prefix, hash = secret.Hash, name, scope = ScopeText(scope), createdBy }, transaction);
                await transaction.CommitAsync(ct);
                return new CreatedApiKey(secret.Text, row.Prefix, row.Name, row.ScopeValue, row.CreatedAt);
            }
            catch (Exception exception) when (DatabaseErrors.IsUniqueViolation(exception, "api_keys_active_name"))
            {
                return null;
            }
            catch (Exception exception) when (attempt < 3 && DatabaseErrors.IsUniqueViolation(exception, "api_keys_prefix"))
            {
                // Try again with another prefix.
            }
        }
    }

    /// <summary>
    /// The live key whose secret hashes to this digest, or null. The lookup is an equality match on
    /// the digest in a unique index: the secret itself is never compared, so response times say nothing
    /// about it. Marks the key used, at most once per <see cref="LastUsedResolution"/>, in the same statement.
    /// </summary>
    public static async Task<ApiKeyHolder?> AuthenticateAsync(NpgsqlDataSource db, ApiKeySecret key, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            """
            WITH found AS (
                SELECT id, prefix, name, scope, last_used_at
                FROM api_keys
                WHERE secret_hash = @hash AND prefix = @prefix AND revoked_at IS NULL
            ), touched AS (
                UPDATE api_keys k SET last_used_at = now()
                FROM found f
                WHERE k.id = f.id AND (f.last_used_at IS NULL OR f.last_used_at < now() - @resolution)
            )
            SELECT id, prefix, name, scope FROM found
            """,
            new { hash = key.Hash, prefix = key.Prefix, resolution = LastUsedResolution },
            cancellationToken: ct));
        return row is null ? null : new ApiKeyHolder(row.Id, row.Prefix, row.Name, row.ScopeValue);
    }

    /// <summary>Is this the text of a live key? For scripts (run.sh); does not mark the key used.</summary>
    public static async Task<bool> IsLiveAsync(NpgsqlDataSource db, string text, CancellationToken ct)
    {
        if (!ApiKeySecret.TryParse(text, out var key))
        {
            return false;
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT FROM api_keys WHERE secret_hash = @hash AND prefix = @prefix AND revoked_at IS NULL)",
            new { hash = key.Hash, prefix = key.Prefix }, cancellationToken: ct));
    }

    public static async Task<ApiKeyInfo?> FindAsync(NpgsqlDataSource db, string prefix, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM api_keys WHERE prefix = @prefix", new { prefix }, cancellationToken: ct));
        return row?.ToInfo();
    }

    /// <summary>Keys in the order they were made, after the key with id <paramref name="afterId"/>.</summary>
    public static async Task<IReadOnlyList<ApiKeyRow>> ListAsync(
        NpgsqlDataSource db, bool includeRevoked, long afterId, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ApiKeyRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM api_keys
            WHERE id > @afterId AND (@includeRevoked OR revoked_at IS NULL)
            ORDER BY id
            LIMIT @take
            """,
            new { afterId, includeRevoked, take }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>Revokes a key at once; revoking a revoked key keeps its first revocation. Null: no such key.</summary>
    public static async Task<ApiKeyInfo?> RevokeAsync(NpgsqlDataSource db, string prefix, string revokedBy, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            $"""
            UPDATE api_keys
            SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, @revokedBy)
            WHERE prefix = @prefix
            RETURNING {Columns}
            """,
            new { prefix, revokedBy }, cancellationToken: ct));
        return row?.ToInfo();
    }

    private const string Columns = "id, prefix, name, scope, created_at, created_by, last_used_at, revoked_at, revoked_by";

    private static string ScopeText(ApiKeyScope scope) => scope == ApiKeyScope.Admin ? "admin" : "write";

    [GeneratedRegex(NamePattern)]
    private static partial Regex NameRegex();

    /// <summary>An api_keys row as PostgreSQL returns it.</summary>
    public sealed class ApiKeyRow : Infrastructure.Paging.IKeysetRow
    {
        public long Id { get; init; }

        public string Prefix { get; init; } = "";

        public string Name { get; init; } = "";

        public string Scope { get; init; } = "";

        public DateTime CreatedAt { get; init; }

        public string CreatedBy { get; init; } = "";

        public DateTime? LastUsedAt { get; init; }

        public DateTime? RevokedAt { get; init; }

        public string? RevokedBy { get; init; }

        public string SortKey => "";

        public ApiKeyScope ScopeValue => Scope == "admin" ? ApiKeyScope.Admin : ApiKeyScope.Write;

        public ApiKeyInfo ToInfo() => new(Prefix, Name, ScopeValue, CreatedAt, CreatedBy, LastUsedAt, RevokedAt, RevokedBy);
    }
}
