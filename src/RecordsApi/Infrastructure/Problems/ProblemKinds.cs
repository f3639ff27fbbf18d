namespace RecordsApi.Infrastructure.Problems;

/// <summary>
/// Endpoint metadata: kinds of problem the endpoint can answer with besides those every endpoint can.
/// The OpenAPI document lists them in the description of the response of their status.
/// </summary>
public sealed record ProblemKinds(IReadOnlyList<ProblemType> Kinds);

public static class ProblemKindConventions
{
    /// <summary>Declares that the endpoint can answer with problems of these kinds (each with its status).</summary>
    public static TBuilder ProducesProblem<TBuilder>(this TBuilder builder, params ProblemType[] kinds)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => Declare(endpoint, kinds));
        return builder;
    }

    /// <summary>The same, from inside another convention.</summary>
    public static void Declare(EndpointBuilder endpoint, params ProblemType[] kinds)
    {
        endpoint.Metadata.Add(new ProblemKinds(kinds));
        foreach (var status in kinds.Select(kind => kind.Status).Distinct())
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        }
    }
}
