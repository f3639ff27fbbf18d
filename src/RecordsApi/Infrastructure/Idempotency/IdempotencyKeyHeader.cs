using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Idempotency;

/// <summary>Declares the optional Idempotency-Key header on every operation that honours it.</summary>
internal sealed class IdempotencyKeyHeader : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentEndpoint>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyFilter.HeaderName,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes the request safe to retry: a retry with the same key and request answers the first response again "
                + "(with Idempotent-Replayed: true); the same key with a different request is a 422; a retry while the first is "
                + "still running is a 409. Keys are kept 24 hours. 1 to 255 printable ASCII characters, such as a UUID.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyFilter.MaxKeyLength },
        });
    }
}
