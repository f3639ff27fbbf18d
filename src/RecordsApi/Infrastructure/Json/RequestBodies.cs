using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RecordsApi.Infrastructure.Json;

/// <summary>
/// Marks a type clients send as a request body. Its members that <paramref name="representation"/> (what GET
/// answers) has and it lacks are output-only (Google's AIP-203): ignored when sent, so a client may send back
/// what it read with one member changed. Any other member the request does not have is refused, and every
/// such member of the body's object is named in the same 400. (Objects nested in a body, such as externalIds,
/// are response types too and keep the serializer's own refusal of the first unknown member: gathering costs
/// a table entry for each object written, which a page of responses should not pay.)
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequestBodyAttribute(Type? representation = null) : Attribute
{
    /// <summary>What GET answers of the resource the body writes; null when the body has no such representation.</summary>
    public Type? Representation { get; } = representation;
}

/// <summary>The members of one object of a request body that the request does not have; the exception's Path is the object's.</summary>
public sealed class UnknownMembersException(IReadOnlyList<string> members)
    : JsonException($"Not fields of this request: {string.Join(", ", members)}.")
{
    public IReadOnlyList<string> Members { get; } = members;
}

/// <summary>
/// How <see cref="RequestBodyAttribute"/> bodies are read, by their contract (so for every resource alike):
/// output-only members are read and dropped, and members the request does not have are gathered while the
/// object is read and refused together once it is complete, so a 400 names all of them rather than the first.
/// </summary>
public static class RequestBodies
{
    /// <summary>The unknown members of each object being read, between reading them and its end (keyed weakly: nothing leaks).</summary>
    private static readonly ConditionalWeakTable<object, Dictionary<string, JsonElement>> Unknown = [];

    /// <summary>Adds the contract changes to <paramref name="options"/>; see <see cref="JsonSetup.Configure"/>.</summary>
    internal static void Configure(JsonSerializerOptions options) =>
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Modify);

    private static void Modify(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.GetCustomAttribute<RequestBodyAttribute>(inherit: false) is not { } body)
        {
            return;
        }

        if (body.Representation is { } representation)
        {
            IgnoreOutputOnlyMembers(type, representation);
        }

        GatherUnknownMembers(type);
    }

    /// <summary>A property for each member only the representation has, which reads any value, keeps nothing and is never written.</summary>
    private static void IgnoreOutputOnlyMembers(JsonTypeInfo type, Type representation)
    {
        var names = type.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var member in representation.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = member.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? type.Options.PropertyNamingPolicy?.ConvertName(member.Name) ?? member.Name;
            if (!names.Add(name))
            {
                continue;
            }

            var ignored = type.CreateJsonPropertyInfo(typeof(JsonElement), name);
            ignored.Set = static (_, _) => { };
            ignored.ShouldSerialize = static (_, _) => false;
            type.Properties.Add(ignored);
        }
    }

    /// <summary>
    /// An extension-data property takes every member the type does not have; when the object is complete,
    /// they are refused together (<see cref="UnknownMembersException"/>, which the reader places at the object's path).
    /// </summary>
    private static void GatherUnknownMembers(JsonTypeInfo type)
    {
        type.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        var unknown = type.CreateJsonPropertyInfo(typeof(Dictionary<string, JsonElement>), "\u0000unknown");
        unknown.IsExtensionData = true;
        // The reader asks for the object's dictionary once it has made the object, and fills it.
        unknown.Get = static target => Unknown.GetValue(target, static _ => []);
        unknown.Set = static (target, members) => Unknown.AddOrUpdate(target, (Dictionary<string, JsonElement>)members!);
        unknown.ShouldSerialize = static (_, _) => false;
        type.Properties.Add(unknown);
        var deserialized = type.OnDeserialized;
        type.OnDeserialized = target =>
        {
            deserialized?.Invoke(target);
            if (Unknown.TryGetValue(target, out var members))
            {
                Unknown.Remove(target);
                if (members.Count > 0)
                {
                    throw new UnknownMembersException([.. members.Keys]);
                }
            }
        };
    }
}
