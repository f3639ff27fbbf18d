namespace RecordsApi.Infrastructure.Http;

/// <summary>A request header an endpoint reads, for the OpenAPI document.</summary>
public sealed record RequestHeader(string Name, string Description, bool Required = false, int MaxLength = 256);

public static class RequestHeaders
{
    /// <summary>Documents a request header the endpoints read, such as Idempotency-Key on POSTs.</summary>
    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description, bool required = false, int maxLength = 256)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeader(name, description, required, maxLength));
}
