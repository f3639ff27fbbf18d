using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// Query parameters by the names clients send: [AsParameters] records surface their PascalCase
/// property names (Limit), while the API speaks camelCase (limit) like its JSON. Binding ignores
/// case, so this only changes what the document says, to what the rest of the contract says.
/// </summary>
internal sealed class QueryParameterNamesFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: { Length: > 0 } name } concrete)
        {
            concrete.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
        }
    }
}
