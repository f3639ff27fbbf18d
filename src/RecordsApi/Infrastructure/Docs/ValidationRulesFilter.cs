using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Validation;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// Writes the FluentValidation rules of every validated type into the OpenAPI document, so the
/// document and the validators cannot disagree: request bodies get them on their schema's properties,
/// [AsParameters] query records on their parameters. A rule maps when its meaning is a JSON Schema
/// keyword (required, minLength/maxLength, pattern, minimum/maximum, enum, maxItems); a Must, whose
/// meaning only its code knows, and a rule that applies only under a condition are left out.
/// </summary>
internal sealed class ValidationRulesFilter(IServiceProvider services) : ISchemaFilter, IParameterFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } objectSchema
            || context.MemberInfo is not null || context.ParameterInfo is not null
            || RulesOf(context.Type) is not { } rules)
        {
            return;
        }

        foreach (var rule in rules)
        {
            // Rules on nested paths (a.b) belong to the nested type's own validator and schema.
            if (rule.PropertyName is { } name && objectSchema.Properties!.TryGetValue(name, out var property) && property is OpenApiSchema propertySchema)
            {
                if (Apply(rule, propertySchema, rule.Member?.GetCustomAttribute<EnumSchemaAttribute>()))
                {
                    // Required by the validator means present and not null.
                    objectSchema.Required ??= new SortedSet<string>(StringComparer.Ordinal);
                    objectSchema.Required.Add(name);
                    propertySchema.Type &= ~JsonSchemaType.Null;
                }
            }
        }
    }

    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        // An [AsParameters] record's property arrives as a parameter whose Member is that property.
        var member = context.PropertyInfo as MemberInfo ?? context.ParameterInfo?.Member as PropertyInfo;
        if (parameter is not OpenApiParameter { Schema: OpenApiSchema schema } concrete
            || member?.DeclaringType is not { } declaringType
            || RulesOf(declaringType) is not { } rules)
        {
            return;
        }

        var name = JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        foreach (var rule in rules.Where(r => r.PropertyName == name))
        {
            if (Apply(rule, schema, member.GetCustomAttribute<EnumSchemaAttribute>()))
            {
                concrete.Required = true;
            }
        }
    }

    private IValidationRule[]? RulesOf(Type type) =>
        services.GetService(typeof(IValidator<>).MakeGenericType(type)) is IValidator validator
            ? [.. validator.CreateDescriptor().Rules]
            : null;

    /// <summary>
    /// Adds what the rule states to the property's schema; true when it makes the property required. A member
    /// whose schema is a named enum (<paramref name="named"/>) takes only required from its rules: the enum says
    /// the rest, and its values must be exactly those the rule accepts.
    /// </summary>
    private static bool Apply(IValidationRule rule, OpenApiSchema property, EnumSchemaAttribute? named)
    {
        if (rule.HasCondition || rule.HasAsyncCondition)
        {
            return false;
        }

        if (named is not null)
        {
            foreach (var oneOf in rule.Components.Select(c => c.Validator).OfType<IOneOfValidator>())
            {
                if (!oneOf.Values.SequenceEqual(named.Values, StringComparer.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"{rule.TypeToValidate.Name} {rule.PropertyName}: the validator accepts {string.Join(", ", oneOf.Values)}, "
                        + $"but the document's {named.EnumType.Name} lists {string.Join(", ", named.Values)}.");
                }
            }

            return rule.Components.Any(c => !c.HasCondition && !c.HasAsyncCondition && c.Validator is INotNullValidator or INotEmptyValidator);
        }

        // RuleForEach states rules about the items, RuleFor about the value itself.
        var isCollectionRule = IsCollectionRule(rule);
        var target = isCollectionRule ? property.Items as OpenApiSchema : property;
        if (target is null)
        {
            return false;
        }

        var required = false;
        foreach (var component in rule.Components.Where(c => !c.HasCondition && !c.HasAsyncCondition))
        {
            if (component.Validator is IChildValidatorAdaptor && ItemRules(component.Validator) is { } itemRules
                && property.Items is OpenApiSchema items)
            {
                // RuleFor(x => x.List).ForEach(item => ...) keeps the item rules in a nested validator.
                foreach (var itemComponent in itemRules.SelectMany(r => r.Components).Where(c => !c.HasCondition && !c.HasAsyncCondition))
                {
                    Apply(itemComponent, items);
                }

                continue;
            }

            required |= Apply(component, target) && !isCollectionRule;
        }

        return required;
    }

    /// <summary>The item rules of a ForEach: a nested validator of the list itself whose rules are collection rules.</summary>
    private static IEnumerable<IValidationRule>? ItemRules(IPropertyValidator adaptor)
    {
        var getValidator = adaptor.GetType().GetMethod("GetValidator");
        if (getValidator?.GetParameters().Length != 2)
        {
            return null;
        }

        // A validator given as an instance ignores the context and value it would otherwise be chosen by,
        // but the context must exist: an empty one for no instance.
        var contextType = getValidator.GetParameters()[0].ParameterType;
        var context = Activator.CreateInstance(contextType, [null]);
        return getValidator.Invoke(adaptor, [context, null]) is IValidator nested
            && nested.CreateDescriptor().Rules is var rules
            && rules.All(r => r.PropertyName is null or "" && IsCollectionRule(r))
                ? rules
                : null;
    }

    private static bool IsCollectionRule(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));

    private static bool Apply(IRuleComponent component, OpenApiSchema schema)
    {
        var isString = schema.Type?.HasFlag(JsonSchemaType.String) == true;
        var isArray = schema.Type?.HasFlag(JsonSchemaType.Array) == true;
        switch (component.Validator)
        {
            case INotNullValidator:
                return true;
            case INotEmptyValidator:
                if (isString)
                {
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                }
                else if (isArray)
                {
                    schema.MinItems = Math.Max(schema.MinItems ?? 0, 1);
                }

                return true;
            case ILengthValidator length:
                if (length.Min > 0)
                {
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, length.Min);
                }

                if (length.Max > 0)
                {
                    schema.MaxLength = Math.Min(schema.MaxLength ?? int.MaxValue, length.Max);
                }

                break;
            case IRegularExpressionValidator regex when regex.Expression is { Length: > 0 }:
                schema.Pattern = regex.Expression;
                if (regex.Expression == Rules.DatePattern)
                {
                    // Rules.Date: generators give the parameter a date type and write it as YYYY-MM-DD.
                    schema.Format = "date";
                }

                break;
            case IBetweenValidator between when between.Name == "InclusiveBetweenValidator":
                schema.Minimum = Number(between.From) ?? schema.Minimum;
                schema.Maximum = Number(between.To) ?? schema.Maximum;
                break;
            case IComparisonValidator comparison when comparison.MemberToCompare is null:
                ApplyComparison(comparison, schema);
                break;
            case IMaxItemsValidator maxItems:
                schema.MaxItems = Math.Min(schema.MaxItems ?? int.MaxValue, maxItems.Max);
                break;
            case IOneOfValidator oneOf:
                schema.Enum = [.. oneOf.Values.Select(value => (JsonNode)JsonValue.Create(value))];
                break;
        }

        return false;
    }

    /// <summary>≥ and ≤ map as they are; &gt; and &lt; only on whole numbers, as the next whole number.</summary>
    private static void ApplyComparison(IComparisonValidator comparison, OpenApiSchema schema)
    {
        var value = comparison.ValueToCompare;
        var whole = value is int or long or short or byte;
        var number = Number(value);
        if (number is null)
        {
            return;
        }

        switch (comparison.Comparison)
        {
            case Comparison.GreaterThanOrEqual:
                schema.Minimum = number;
                break;
            case Comparison.LessThanOrEqual:
                schema.Maximum = number;
                break;
            case Comparison.GreaterThan when whole:
                schema.Minimum = (Convert.ToInt64(value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                break;
            case Comparison.LessThan when whole:
                schema.Maximum = (Convert.ToInt64(value, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture);
                break;
        }
    }

    private static string? Number(object? value) => value switch
    {
        int or long or short or byte or decimal or double or float => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => null,
    };
}
