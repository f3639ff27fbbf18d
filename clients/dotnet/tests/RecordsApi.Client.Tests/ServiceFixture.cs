using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RecordsApi.Tests.Infrastructure;

namespace RecordsApi.Client.Tests;

/// <summary>
/// The service as tests/RecordsApi.Tests starts it (a real PostgreSQL, the seed data, a writer key),
/// but listening on a real loopback port, so the client under test talks to it over its own
/// SocketsHttpHandler exactly as an application would.
/// </summary>
public sealed class ServiceFixture : ApiFixture
{
    public ServiceFixture() => UseKestrel(0);

    public Uri BaseAddress => AddressOf(this);

    /// <summary>A client as an application makes it, with the writer key (or <paramref name="apiKey"/>) and the given options.</summary>
    public RecordsApiClient CreateApiClient(string? apiKey = null, Action<RecordsApiClientOptions>? configure = null, Traffic? traffic = null) =>
        CreateApiClient(BaseAddress, apiKey ?? WriterKey, configure, traffic);

    public static RecordsApiClient CreateApiClient(Uri baseAddress, string? apiKey, Action<RecordsApiClientOptions>? configure = null, Traffic? traffic = null)
    {
        var options = new RecordsApiClientOptions { BaseAddress = baseAddress, ApiKey = apiKey };
        configure?.Invoke(options);
        return RecordsApiClient.Create(options, traffic is null ? null : new TrafficHandler(traffic));
    }

    /// <summary>Another instance of the service on the same database, with settings changed, on a port of its own.</summary>
    public WebApplicationFactory<Program> WithSettingsOnKestrel(params (string Key, string Value)[] settings)
    {
        var factory = this.WithSettings(settings);
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    /// <summary>Where <paramref name="factory"/>'s Kestrel listens, by <paramref name="scheme"/>.</summary>
    public static Uri AddressOf(WebApplicationFactory<Program> factory, string scheme = "http")
    {
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First(a => a.StartsWith(scheme + "://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
    }
}

/// <summary>What went over the wire below the client's own handlers: every request and the status it got.</summary>
public sealed class Traffic
{
    public ConcurrentQueue<(HttpRequestMessage Request, HttpStatusCode Status)> Exchanges { get; } = new();

    /// <summary>Called with each response as it arrives, before the client's handlers see it.</summary>
    public Action<HttpResponseMessage>? OnResponse { get; set; }

    public IReadOnlyList<HttpStatusCode> Statuses => [.. Exchanges.Select(e => e.Status)];
}

internal sealed class TrafficHandler(Traffic traffic) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        traffic.Exchanges.Enqueue((request, response.StatusCode));
        traffic.OnResponse?.Invoke(response);
        return response;
    }
}

[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "client";
}
