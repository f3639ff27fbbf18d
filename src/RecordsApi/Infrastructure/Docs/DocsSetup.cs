using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

public static class DocsSetup
{
    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Records API",
                Version = "v1",
                Description = "Spaceflight records: missions, the people who flew them, and records with their progressions.",
            });
            options.SupportNonNullableReferenceTypes();
            options.OperationFilter<CamelCaseQueryParameters>();
            options.CustomSchemaIds(type => type.Name.Replace("`1", string.Empty, StringComparison.Ordinal) + (type.IsGenericType ? "Of" + string.Concat(type.GetGenericArguments().Select(a => a.Name)) : string.Empty));
            var xml = Path.Combine(AppContext.BaseDirectory, "RecordsApi.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "Records API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "Records API";
        });
        app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
        return app;
    }
}

/// <summary>
/// Query parameters bound from [AsParameters] records are documented under the names clients send
/// (limit, asOf), not the C# property names (Limit, AsOf); binding accepts either case.
/// </summary>
internal sealed class CamelCaseQueryParameters : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && parameter.Name is { Length: > 0 } name)
            {
                parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
            }
        }
    }
}
