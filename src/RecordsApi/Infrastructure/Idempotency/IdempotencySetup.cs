using Microsoft.AspNetCore.Http.Metadata;

namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>Marks an endpoint as honouring Idempotency-Key (read by the OpenAPI filter).</summary>
public sealed class IdempotentEndpoint
{
    public static readonly IdempotentEndpoint Instance = new();
}

public static class IdempotencySetup
{
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<IdempotencyOptions>(builder.Configuration.GetSection(IdempotencyOptions.Section));
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddHostedService<IdempotencyKeyCleanup>();
        builder.Services.ConfigureSwaggerGen(options => options.OperationFilter<IdempotencyKeyHeader>());
        return builder;
    }

    /// <summary>
    /// Every POST in the group honours Idempotency-Key. Apply after WithValidation, so a request the
    /// validators reject never takes a key.
    /// </summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post, StringComparer.OrdinalIgnoreCase)))
            {
                return;
            }

            endpoint.Metadata.Add(IdempotentEndpoint.Instance);
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                StatusCodes.Status409Conflict, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                StatusCodes.Status422UnprocessableEntity, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
            endpoint.FilterFactories.Add((_, next) => context => IdempotencyFilter.InvokeAsync(context, next));
        });
        return builder;
    }
}
