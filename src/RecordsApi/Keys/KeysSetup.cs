using RecordsApi.Infrastructure.Auth;

namespace RecordsApi.Keys;

public static class KeysSetup
{
    /// <summary>Lets authentication find keys in the table this folder owns.</summary>
    public static IServiceCollection AddKeys(this IServiceCollection services) =>
        services.AddSingleton<IApiKeyLookup, KeysLookup>();

    private sealed class KeysLookup(NpgsqlDataSource db) : IApiKeyLookup
    {
        public Task<ApiKeyHolder?> AuthenticateAsync(ApiKeySecret key, CancellationToken cancellationToken) =>
            KeysStore.AuthenticateAsync(db, key, cancellationToken);
    }
}
