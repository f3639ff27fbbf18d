using Microsoft.AspNetCore.Hosting;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RecordsApi.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class HttpsTests(ServiceFixture service)
{
    [Fact]
    public async Task The_key_goes_over_https_as_over_http()
    {
        using var certificate = SelfSigned();
        await using var secure = service.WithWebHostBuilder(_ => { });
        secure.UseKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseHttps(certificate)));
        secure.StartServer();
        var address = ServiceFixture.AddressOf(secure, "https");
        var trustThisCertificate = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
            },
        };
        using var client = RecordsApiClient.Create(new() { BaseAddress = address, ApiKey = service.WriterKey }, trustThisCertificate);

        var created = await client.People.CreateAsync(new PersonRequest { Name = Unique("Client Https") });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(new Uri(address, $"v1/people/{created.Value.Id}"), created.Location);
        Assert.Equal("keyed-read", (await client.People.GetAsync(created.Value.Slug)).RateLimit?.Policy);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
