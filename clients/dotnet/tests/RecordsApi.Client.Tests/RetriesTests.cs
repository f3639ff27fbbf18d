using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace RecordsApi.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class RetriesTests(ServiceFixture service)
{
    [Fact]
    public async Task A_429_is_retried_after_its_retry_after_and_the_call_succeeds()
    {
        // One anonymous read a second: the second read of a window is refused with Retry-After.
        await using var strict = service.WithSettingsOnKestrel(("RateLimits:AnonymousReads", "1"), ("RateLimits:Window", "00:00:01"));
        var traffic = new Traffic();
        using var client = ServiceFixture.CreateApiClient(ServiceFixture.AddressOf(strict), apiKey: null, traffic: traffic);

        // Reads until one is refused (the second of a window, unless a window ends between the two): each still succeeds.
        var reads = 0;
        while (!traffic.Statuses.Contains(HttpStatusCode.TooManyRequests) && reads < 20)
        {
            var person = await client.People.GetAsync("yulia-peresild");
            Assert.Equal("Yulia Peresild", person.Value.Name);
            reads++;
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, traffic.Statuses);
        Assert.Equal(reads, traffic.Statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Without_retries_a_429_is_a_typed_exception_with_retry_after_and_the_rate_limit()
    {
        await using var strict = service.WithSettingsOnKestrel(("RateLimits:AnonymousReads", "1"), ("RateLimits:Window", "00:01:00"));
        using var client = ServiceFixture.CreateApiClient(ServiceFixture.AddressOf(strict), apiKey: null, o => o.MaxRetries = 0);

        var limited = await ReadUntilRefusedAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.NotNull(limited.RetryAfter);
        Assert.InRange(limited.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(0, limited.Response?.RateLimit?.Remaining);
        Assert.False(string.IsNullOrEmpty(limited.TraceId));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_client_waits_fails_at_once()
    {
        await using var strict = service.WithSettingsOnKestrel(("RateLimits:AnonymousReads", "1"), ("RateLimits:Window", "00:10:00"));
        var traffic = new Traffic();
        using var client = ServiceFixture.CreateApiClient(ServiceFixture.AddressOf(strict), apiKey: null, o => o.MaxRetryAfter = TimeSpan.FromSeconds(5), traffic);

        await ReadUntilRefusedAsync(client);

        // The 429 was not retried: it is the last exchange, and the only one.
        Assert.Equal(HttpStatusCode.TooManyRequests, traffic.Statuses[^1]);
        Assert.Single(traffic.Statuses, s => s == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_503_is_retried_after_its_retry_after_and_a_create_retried_so_is_made_once()
    {
        // Two writes held mid-transaction take both connections, one of people and one of missions (the requests of
        // one resource hold at most all but one connection of a pool); the next create waits a second, then is a 503.
        await using var saturated = service.WithSettingsOnKestrel(("Database:MaxConnections", "2"), ("Database:ConnectionWait", "00:00:01"));
        var address = ServiceFixture.AddressOf(saturated);
        using var holders = ServiceFixture.CreateApiClient(address, service.WriterKey);
        await using var database = NpgsqlDataSource.Create(service.ConnectionString);
        var barrier = await WriteBarrier.RaiseAsync(database);
        Task<HttpStatusCode[]> held;
        var traffic = new Traffic();
        var unavailable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        traffic.OnResponse = response =>
        {
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                unavailable.TrySetResult();
            }
        };
        using var client = ServiceFixture.CreateApiClient(address, service.WriterKey, traffic: traffic);
        Task<ApiResult<Person>> create;
        try
        {
            held = Task.WhenAll(
                StatusOf(holders.People.CreateAsync(new PersonRequest { Name = Unique("Client Holder") })),
                StatusOf(holders.Missions.CreateAsync(new MissionRequest { Name = Unique("Client Holder Mission"), Kind = MissionKind.Orbital })));
            await barrier.WaitForBlockedAsync(2);

            create = client.People.CreateAsync(new PersonRequest { Name = Unique("Client Retried") });
            await unavailable.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            await barrier.DisposeAsync();
        }

        var created = await create;
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.All(await held, status => Assert.Equal(HttpStatusCode.Created, status));
        var attempts = traffic.Exchanges.Where(e => e.Request.Method == HttpMethod.Post).ToList();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, attempts[0].Status);
        Assert.Equal(HttpStatusCode.Created, attempts[^1].Status);
        Assert.Single(attempts.Select(a => a.Request.Headers.GetValues("Idempotency-Key").Single()).Distinct());
        Assert.Single(await service.CreateApiClient().People.ListAsync(new PeopleQuery { Q = created.Value.Name }).ToListAsync());
    }

    private static async Task<HttpStatusCode> StatusOf<T>(Task<ApiResult<T>> request) => (await request).Status;

    /// <summary>Reads with a budget of one a window until one is refused: the second, or the third when a window ended between.</summary>
    private static async Task<TooManyRequestsException> ReadUntilRefusedAsync(RecordsApiClient client)
    {
        for (var read = 0; read < 3; read++)
        {
            try
            {
                await client.People.GetAsync("yulia-peresild");
            }
            catch (TooManyRequestsException refused)
            {
                return refused;
            }
        }

        throw new Xunit.Sdk.XunitException("Three reads with a budget of one a window were all served.");
    }

    [Fact]
    public async Task The_client_registered_with_dependency_injection_sends_the_key_and_retries()
    {
        var services = new ServiceCollection();
        services.AddRecordsApiClient(o =>
        {
            o.BaseAddress = service.BaseAddress;
            o.ApiKey = service.WriterKey;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<RecordsApiClient>();

        var created = await client.People.CreateAsync(new PersonRequest { Name = Unique("Client Injected") });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("keyed-read", (await client.People.GetAsync(created.Value.Slug)).RateLimit?.Policy);
    }
}
