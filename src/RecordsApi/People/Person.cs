using System.Text.Json.Serialization;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Resources;

namespace RecordsApi.People;

/// <summary>The orders of the people list: the keys of PeopleStore.Orders, in the same order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PeopleSort>))]
public enum PeopleSort
{
    [JsonStringEnumMemberName("name")]
    Name,

    [JsonStringEnumMemberName("-name")]
    NameDescending,

    [JsonStringEnumMemberName("birthDate")]
    BirthDate,

    [JsonStringEnumMemberName("-birthDate")]
    BirthDateDescending,
}

/// <summary>A person who flew (or is on record) in spaceflight.</summary>
public sealed record Person(
    long Id,
    string Slug,
    string Name,
    string? NativeName,
    DateOnly? BirthDate,
    DateOnly? DeathDate,
    string? Nationality,
    IReadOnlyList<string> Occupations,
    PersonExternalIds ExternalIds,
    IReadOnlyList<string> Sources,
    int Version,
    DateTime CreatedAt,
    DateTime UpdatedAt) : IResource;

/// <summary>Identifiers of the person in other catalogues.</summary>
public sealed record PersonExternalIds([property: Description("Wikidata item id, such as Q7327.")] string? Wikidata);

/// <summary>What a client sends to create or replace a person; the members only GET answers (id, version, …) are ignored.</summary>
[RequestBody(typeof(Person))]
public sealed record PersonRequest(
    [property: Description("Full name in Latin script, as commonly written in English.")] string Name,
    [property: Description("Lower-case kebab id; made from the name when omitted on create, kept when omitted on replace.")] string? Slug,
    [property: Description("The name in the person's own script, such as Юлия Пересильд.")] string? NativeName,
    DateOnly? BirthDate,
    DateOnly? DeathDate,
    [property: Description("ISO 3166-1 alpha-2 country code, such as RU.")] string? Nationality,
    IReadOnlyList<string>? Occupations,
    PersonExternalIds? ExternalIds,
    [property: Description("Absolute http(s) URLs that support the data.")] IReadOnlyList<string>? Sources) : IResourceRequest
{
    string IResourceRequest.SlugSource => Name;
}

/// <summary>Filters and order of the people list.</summary>
public sealed record PeopleQuery(
    [property: Description("Fuzzy name search, accent- and case-insensitive, in Latin or Cyrillic: every word must match a word of the name or native name, inside it or misspelt (3+ letters) or at its start (shorter).")] string? Q,
    [property: Description("ISO 3166-1 alpha-2 country code.")] string? Nationality,
    [property: Description("An occupation, such as actress.")] string? Occupation,
    [property: EnumSchema<PeopleSort>]
    [property: Description("name (default), -name, birthDate or -birthDate; people without a birth date come last.")] string? Sort);

/// <summary>A person row as PostgreSQL returns it.</summary>
internal sealed class PersonRow : Infrastructure.Paging.IKeysetRow
{
    public long Id { get; init; }

    public string Slug { get; init; } = "";

    public string Name { get; init; } = "";

    public string? NativeName { get; init; }

    public DateOnly? BirthDate { get; init; }

    public DateOnly? DeathDate { get; init; }

    public string? Nationality { get; init; }

    public string[] Occupations { get; init; } = [];

    public string? Wikidata { get; init; }

    public string[] Sources { get; init; } = [];

    public int Version { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public string SortKey { get; init; } = "";

    public Person ToPerson() => new(
        Id, Slug, Name, NativeName, BirthDate, DeathDate, Nationality, Occupations,
        new PersonExternalIds(Wikidata), Sources, Version, CreatedAt, UpdatedAt);
}
