using RecordsApi.Infrastructure.Auth;
using RecordsApi.Keys;

namespace RecordsApi.Tests.Infrastructure;

/// <summary>
/// The service on real Kestrel, on a database of its own, with budgets small enough to exhaust in a
/// test and 127.0.0.1 configured as a trusted proxy, so each test can be a client of its own by
/// sending X-Forwarded-For. Its tests may lock tables without disturbing the rest of the suite.
/// </summary>
public sealed class LimitsFixture : ApiFixture
{
    public const int AnonymousReads = 5;
    public const int KeyedReads = 8;
    public const int AnonymousWrites = 3;
    public const int KeyedWrites = 4;

    public LimitsFixture() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    protected override string DatabaseName => "records_limits";

    /// <summary>A client the service takes for <paramref name="address"/> (through the trusted proxy), with a key if given.</summary>
    public HttpClient CreateClientAt(string address, string? key = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        }

        return client;
    }

    /// <summary>A fresh key, so a test has a keyed budget nobody else has touched.</summary>
    public async Task<string> CreateKeyAsync(string prefix, ApiKeyScope scope = ApiKeyScope.Write)
    {
        var db = Services.GetRequiredService<NpgsqlDataSource>();
        var created = await KeysStore.CreateAsync(db, UniqueSlug(prefix), scope, "tests");
        return created!.Key;
    }

    /// <summary>A client address no other test uses: 198.51.100.0/24 is reserved for documentation.</summary>
    public static string NewAddress() => $"198.51.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // A day-long window: a burst never straddles a reset.
        builder.UseSetting("RateLimits:Window", "1.00:00:00");
        builder.UseSetting("RateLimits:AnonymousReads", $"{AnonymousReads}");
        builder.UseSetting("RateLimits:KeyedReads", $"{KeyedReads}");
        builder.UseSetting("RateLimits:AnonymousWrites", $"{AnonymousWrites}");
        builder.UseSetting("RateLimits:KeyedWrites", $"{KeyedWrites}");
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
    }
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsFixture>
{
    public const string Name = "limits";
}
