using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Json;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// Marks a string (a query, path or body member, or a response member) that holds one of the wire names
/// of an enum, such as a record's category: the document then refers to that enum's one named schema,
/// in requests and responses alike, rather than repeating its values inline (which generators turn into
/// Boundary, Boundary2, …) or leaving a response member a plain string.
/// The member stays a string, so the validators still decide what is accepted and say so in their words.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false)]
public abstract class EnumSchemaAttribute : Attribute
{
    public abstract Type EnumType { get; }

    /// <summary>The wire names, in declaration order: what a validator's OneOf must accept.</summary>
    public abstract IReadOnlyList<string> Values { get; }
}

/// <inheritdoc />
public sealed class EnumSchemaAttribute<TEnum> : EnumSchemaAttribute
    where TEnum : struct, Enum
{
    public override Type EnumType => typeof(TEnum);

    public override IReadOnlyList<string> Values => EnumNames.All<TEnum>();
}

/// <summary>
/// Every enum is one named schema whose values are its wire names, with the C# member names beside them
/// as x-enumNames (NSwag), x-enum-varnames (OpenAPI Generator) and x-ms-enum (Kiota, AutoRest), so a
/// generated client says Boundary.EightyKm, not _80km or EightZerokm. Members and parameters marked with
/// <see cref="EnumSchemaAttribute{TEnum}"/> refer to it.
/// </summary>
internal sealed class EnumSchemasFilter : ISchemaFilter, IParameterFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        if (context.MemberInfo is null && context.ParameterInfo is null && context.Type.IsEnum)
        {
            var names = Enum.GetNames(context.Type);
            var wireNames = concrete.Enum?.Select(value => value?.GetValue<string>()).ToList() ?? [];
            if (wireNames.Count != names.Length)
            {
                return;
            }

            concrete.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            concrete.Extensions["x-enumNames"] = new JsonNodeExtension(new JsonArray([.. names.Select(name => JsonValue.Create(name))]));
            concrete.Extensions["x-enum-varnames"] = new JsonNodeExtension(new JsonArray([.. names.Select(name => JsonValue.Create(name))]));
            concrete.Extensions["x-ms-enum"] = new JsonNodeExtension(new JsonObject
            {
                ["name"] = context.Type.Name,
                ["modelAsString"] = false,
                ["values"] = new JsonArray([.. names.Zip(wireNames, (name, value) => new JsonObject { ["value"] = value, ["name"] = name })]),
            });
            return;
        }

        if (context.MemberInfo?.GetCustomAttribute<EnumSchemaAttribute>() is { } named)
        {
            // allOf [the enum], as DocsSetup writes every member whose type is another schema: it keeps the
            // member's own description, and nullable where the member may be null.
            var mayBeNull = concrete.Type?.HasFlag(JsonSchemaType.Null) == true;
            concrete.AllOf = [context.SchemaGenerator.GenerateSchema(named.EnumType, context.SchemaRepository)];
            concrete.Type = mayBeNull ? JsonSchemaType.Null : null;
            concrete.Enum = null;
            concrete.MaxLength = null;
            concrete.MinLength = null;
            concrete.Pattern = null;
        }
    }

    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var named = (context.PropertyInfo as MemberInfo)?.GetCustomAttribute<EnumSchemaAttribute>()
            ?? context.ParameterInfo?.GetCustomAttribute<EnumSchemaAttribute>()
            ?? (context.ParameterInfo?.Member as PropertyInfo)?.GetCustomAttribute<EnumSchemaAttribute>();
        if (named is not null && parameter is OpenApiParameter concrete)
        {
            concrete.Schema = context.SchemaGenerator.GenerateSchema(named.EnumType, context.SchemaRepository);
        }
    }
}
