using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Infrastructure.Idempotency;

public static class IdempotencySetup
{
    private const string HeaderDescription =
        "Makes the request safe to retry: a retry with the same key and request answers the first response again "
        + "(with Idempotent-Replayed: true); the same key with a different request is a 422; a retry while the first is "
        + "still running is a 409. Keys are kept 24 hours. 1 to 255 printable ASCII characters, such as a UUID.";

    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<IdempotencyOptions>(builder.Configuration.GetSection(IdempotencyOptions.Section));
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddHostedService<IdempotencyKeyCleanup>();
        return builder;
    }

    /// <summary>
    /// Every POST in the group honours Idempotency-Key, except those marked <see cref="WithoutIdempotency"/>.
    /// Apply after WithValidation, so a request the validators reject never takes a key.
    /// </summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (IsPost(endpoint))
            {
                endpoint.FilterFactories.Add((_, next) => context =>
                    context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<NoIdempotency>() is { } optOut
                        ? IdempotencyFilter.RefuseKeyAsync(context, next, optOut.Reason)
                        : IdempotencyFilter.InvokeAsync(context, next));
            }
        });
        // The documentation waits for the endpoint's own conventions, to leave out the endpoints that opt out.
        builder.Finally(endpoint =>
        {
            if (!IsPost(endpoint) || endpoint.Metadata.OfType<NoIdempotency>().Any())
            {
                return;
            }

            endpoint.Metadata.Add(new RequestHeader(IdempotencyFilter.HeaderName, HeaderDescription, MaxLength: IdempotencyFilter.MaxKeyLength));
            ProblemKindConventions.Declare(endpoint,
                ProblemTypes.IdempotencyKeyInProgress, ProblemTypes.IdempotencyResponseLost, ProblemTypes.IdempotencyKeySuperseded, ProblemTypes.IdempotencyKeyReused);
        });
        return builder;
    }

    private static bool IsPost(EndpointBuilder endpoint) =>
        endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// This POST takes no Idempotency-Key (a request with one is a 400 saying why), typically because
    /// its response holds a secret that must never be stored.
    /// </summary>
    public static RouteHandlerBuilder WithoutIdempotency(this RouteHandlerBuilder builder, string reason) =>
        builder.WithMetadata(new NoIdempotency(reason));
}

/// <summary>Marks a POST that refuses Idempotency-Key, and why.</summary>
public sealed record NoIdempotency(string Reason);
