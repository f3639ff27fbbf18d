using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace RecordsApi.Infrastructure.Http;

/// <summary>
/// Brotli and gzip for JSON, problems and the NDJSON export, when the client asks (Accept-Encoding) and the
/// answer is larger than <see cref="CompressionSettings.MinimumBytes"/> (1 KiB): below that, compressing costs CPU and saves next to
/// nothing. The level is a setting (ResponseCompression:Level); docs/performance.md has what each costs and saves. Over HTTPS too, which
/// BREACH makes safe only for answers without secrets: an endpoint whose answer holds one says
/// <see cref="WithoutCompression"/> (POST /v1/keys, which shows a new key).
/// </summary>
public static class ResponseCompressionSetup
{
    public static readonly string[] CompressedTypes = ["application/json", "application/problem+json", "application/x-ndjson"];

    public static IServiceCollection AddApiResponseCompression(this IServiceCollection services)
    {
        // Before AddResponseCompression, whose own provider is only added when none is.
        services.AddOptions<CompressionSettings>().BindConfiguration(CompressionSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IResponseCompressionProvider, ApiCompressionProvider>();
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = CompressedTypes;
        });
        services.AddOptions<BrotliCompressionProviderOptions>().Configure<IOptions<CompressionSettings>>((brotli, settings) => brotli.Level = settings.Value.Level);
        services.AddOptions<GzipCompressionProviderOptions>().Configure<IOptions<CompressionSettings>>((gzip, settings) => gzip.Level = settings.Value.Level);
        return services;
    }

    /// <summary>Compression, with small answers held back until they are known to be small (and then sent with Content-Length, uncompressed).</summary>
    public static IApplicationBuilder UseApiResponseCompression(this IApplicationBuilder app)
    {
        app.UseResponseCompression();
        return app.Use(async (context, next) =>
        {
            if (context.Request.Headers.AcceptEncoding.Count == 0)
            {
                await next(context);
                return;
            }

            var inner = context.Features.Get<IHttpResponseBodyFeature>()!;
            var minimum = context.RequestServices.GetRequiredService<IOptions<CompressionSettings>>().Value.MinimumBytes;
            var held = new SmallResponseBody(inner, context.Response, minimum);
            context.Features.Set<IHttpResponseBodyFeature>(held);
            try
            {
                await next(context);
                await held.FinishAsync();
            }
            finally
            {
                context.Features.Set(inner);
            }
        });
    }

    /// <summary>Sends an endpoint's answers uncompressed: they hold a secret, which compression would expose to BREACH.</summary>
    public static RouteHandlerBuilder WithoutCompression(this RouteHandlerBuilder endpoint, string because) =>
        endpoint.WithMetadata(new Uncompressed(because));

    /// <summary>The endpoint's answers hold a secret and are never compressed.</summary>
    public sealed record Uncompressed(string Because);

    private sealed class ApiCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options, IOptions<CompressionSettings> settings)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            (context.Response.ContentLength is not { } length || length > settings.Value.MinimumBytes)
            && context.GetEndpoint()?.Metadata.GetMetadata<Uncompressed>() is null
            && base.ShouldCompressResponse(context);
    }
}

/// <summary>The "ResponseCompression" settings.</summary>
public sealed class CompressionSettings
{
    public const string Section = "ResponseCompression";

    /// <summary>Answers up to this many bytes are sent uncompressed (and held back that long to tell).</summary>
    [Range(0, 1024 * 1024)]
    public int MinimumBytes { get; set; } = 1024;

    /// <summary>How hard Brotli and gzip work: bench/compression.sh measures what each level costs and saves.</summary>
    public CompressionLevel Level { get; set; } = CompressionLevel.Fastest;
}
