using Microsoft.OpenApi;

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
