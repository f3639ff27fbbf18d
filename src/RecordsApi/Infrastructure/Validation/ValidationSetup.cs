using System.Linq.Expressions;
using System.Reflection;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecordsApi.Infrastructure.Validation;

public static class ValidationSetup
{
    /// <summary>
    /// Registers every validator in the service and makes FluentValidation speak in the JSON
    /// (camelCase) names clients send, in error keys and in messages alike.
    /// </summary>
    public static IServiceCollection AddApiValidation(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = JsonPath;
        ValidatorOptions.Global.DisplayNameResolver = JsonPath;
        ValidatorOptions.Global.LanguageManager.Enabled = true;
        // Validators tell "today" by the service's clock, also where no web host registered one (the command line).
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatorsFromAssemblyContaining<ValidationFilterMarker>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }

    internal static string? JsonPath(Type type, MemberInfo? member, LambdaExpression? expression)
    {
        if (expression?.Body is MemberExpression body)
        {
            var names = new Stack<string>();
            for (Expression? node = body; node is MemberExpression m; node = m.Expression)
            {
                names.Push(JsonNamingPolicy.CamelCase.ConvertName(m.Member.Name));
            }

            return string.Join('.', names);
        }

        return member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }

    private sealed class ValidationFilterMarker;
}
