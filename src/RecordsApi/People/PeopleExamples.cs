using RecordsApi.Infrastructure.Docs;

namespace RecordsApi.People;

/// <summary>The OpenAPI examples of people: Yulia Peresild as the seed data has her.</summary>
internal sealed class PersonExample : ApiExample<Person>
{
    public override Person Example { get; } = new(
        Id: 1,
        Slug: "yulia-peresild",
        Name: "Yulia Peresild",
        NativeName: "Юлия Пересильд",
        BirthDate: new DateOnly(1984, 9, 5),
        DeathDate: null,
        Nationality: "RU",
        Occupations: ["actress"],
        ExternalIds: new PersonExternalIds(Wikidata: null),
        Sources: ["https://es.wikipedia.org/wiki/Yulia_Peresild", "https://www.russianspaceweb.com/soyuz-ms-19.html"],
        Version: 1,
        CreatedAt: new DateTime(2021, 10, 17, 4, 35, 44, DateTimeKind.Utc),
        UpdatedAt: new DateTime(2021, 10, 17, 4, 35, 44, DateTimeKind.Utc));
}

internal sealed class PersonRequestExample : ApiExample<PersonRequest>
{
    public override PersonRequest Example { get; } = new(
        Name: "Yulia Peresild",
        Slug: null,
        NativeName: "Юлия Пересильд",
        BirthDate: new DateOnly(1984, 9, 5),
        DeathDate: null,
        Nationality: "RU",
        Occupations: ["actress"],
        ExternalIds: new PersonExternalIds(Wikidata: null),
        Sources: ["https://es.wikipedia.org/wiki/Yulia_Peresild"]);
}
