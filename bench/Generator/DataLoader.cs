using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace RecordsApi.Bench;

internal sealed record LoadOptions(int People, int Missions, int Crew, int Seed, bool Revisions);

/// <summary>
/// Loads a realistic, reproducible data set with binary COPY, in one transaction: either the whole
/// set is there (with a marker row saying what was loaded) or nothing is. Secondary indexes are
/// dropped for the load and rebuilt afterwards, which is many times faster than maintaining them
/// row by row. Triggers stay on, so anything the schema keeps up to date by trigger stays correct.
/// </summary>
internal sealed class DataLoader(NpgsqlConnection connection, LoadOptions options)
{
    private static readonly string[] LoadedTables = ["people", "missions", "crew_members", "revisions", "person_words", "search_words"];

    // Only these lose their secondary indexes during the load: crew_members keeps its indexes
    // because triggers on it (derived flights and standings) may read it while the COPY runs.
    private static readonly string[] ReindexedTables = ["people", "missions", "person_words", "search_words"];
    private static readonly DateTime Now = new(2025, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly Random _random = new(options.Seed);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    // Per generated person (index = id - first id): birth year, 0 when unknown.
    private short[] _birthYears = [];
    private long _firstPersonId;
    private readonly Dictionary<int, List<long>> _peopleByBirthYear = [];
    private readonly List<long> _peopleWithoutBirthDate = [];

    public async Task<int> RunAsync()
    {
        var database = (string)(await ScalarAsync("SELECT current_database()"))!;
        if (!database.Contains("bench", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"Refusing to load into '{database}': the generator only writes to a database whose name contains 'bench'.");
            return 2;
        }

        foreach (var table in new[] { "people", "missions", "crew_members", "revisions" })
        {
            if (await ScalarAsync($"SELECT to_regclass('public.{table}')::text") is null or DBNull)
            {
                await Console.Error.WriteLineAsync($"Table {table} is missing: start the service once against '{database}' so it applies its migrations.");
                return 2;
            }
        }

        await ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS bench_dataset (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                people integer NOT NULL, missions integer NOT NULL, crew integer NOT NULL, seed integer NOT NULL,
                first_person_id bigint NOT NULL, last_person_id bigint NOT NULL,
                first_mission_id bigint NOT NULL, last_mission_id bigint NOT NULL,
                loaded_at timestamptz NOT NULL DEFAULT now())
            """);
        await using (var existing = new NpgsqlCommand("SELECT people, missions, crew, seed FROM bench_dataset", connection))
        await using (var reader = await existing.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                var same = reader.GetInt32(0) == options.People && reader.GetInt32(1) == options.Missions
                    && reader.GetInt32(2) == options.Crew && reader.GetInt32(3) == options.Seed;
                Console.WriteLine(same
                    ? $"'{database}' already holds this data set; nothing to do (bench/run.sh --regenerate starts from an empty database)."
                    : $"'{database}' holds a different data set ({reader.GetInt32(0)} people, seed {reader.GetInt32(3)}); use bench/run.sh --regenerate.");
                return same ? 0 : 3;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync("SET LOCAL maintenance_work_mem = '1GB'; SET LOCAL synchronous_commit = off; SET LOCAL max_parallel_maintenance_workers = 2");
        var indexes = await DropSecondaryIndexesAsync();

        _firstPersonId = await NextIdAsync("people");
        var firstMissionId = await NextIdAsync("missions");
        await LoadPeopleAsync();
        var launchYears = await LoadMissionsAsync(firstMissionId);
        foreach (var definition in indexes)
        {
            await ExecuteAsync(definition);
        }

        Log($"rebuilt {indexes.Count} indexes");
        await LoadCrewAsync(firstMissionId, launchYears);
        await ExecuteAsync("SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))");
        await ExecuteAsync("SELECT setval(pg_get_serial_sequence('missions', 'id'), (SELECT max(id) FROM missions))");
        if (options.Revisions)
        {
            await AppendRevisionsAsync("people", "person_document", _firstPersonId);
            await AppendRevisionsAsync("missions", "mission_document", firstMissionId);
        }

        await using (var marker = new NpgsqlCommand(
            """
            INSERT INTO bench_dataset (people, missions, crew, seed, first_person_id, last_person_id, first_mission_id, last_mission_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, connection))
        {
            marker.Parameters.Add(new() { Value = options.People });
            marker.Parameters.Add(new() { Value = options.Missions });
            marker.Parameters.Add(new() { Value = options.Crew });
            marker.Parameters.Add(new() { Value = options.Seed });
            marker.Parameters.Add(new() { Value = _firstPersonId });
            marker.Parameters.Add(new() { Value = _firstPersonId + options.People - 1 });
            marker.Parameters.Add(new() { Value = firstMissionId });
            marker.Parameters.Add(new() { Value = firstMissionId + options.Missions - 1 });
            await marker.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        Log("committed");
        foreach (var table in LoadedTables)
        {
            await ExecuteAsync($"VACUUM (ANALYZE) {table}");
        }

        Log("vacuumed and analyzed");
        return 0;
    }

    /// <summary>Drops the indexes of the loaded tables that no constraint owns, returning their definitions.</summary>
    private async Task<List<string>> DropSecondaryIndexesAsync()
    {
        var definitions = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY ($1::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """, connection))
        {
            command.Parameters.Add(new() { Value = ReindexedTables });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var dropped = new List<string>();
        foreach (var (name, definition) in definitions)
        {
            // An index something else depends on stays; the savepoint keeps the transaction usable.
            await ExecuteAsync("SAVEPOINT drop_index");
            try
            {
                await ExecuteAsync($"DROP INDEX {name}");
                await ExecuteAsync("RELEASE SAVEPOINT drop_index");
                dropped.Add(definition);
            }
            catch (PostgresException)
            {
                await ExecuteAsync("ROLLBACK TO SAVEPOINT drop_index");
            }
        }

        Log($"dropped {dropped.Count} secondary indexes for the load");
        return dropped;
    }

    private async Task LoadPeopleAsync()
    {
        var cultures = new Weighted<Culture>(Culture.All.Select(c => (c, c.Weight)));
        var pools = Culture.All.ToDictionary(c => c.Name, c => (
            Male: new NamePool(c.MaleFirst, 1.0),
            Female: new NamePool(c.FemaleFirst, 1.0),
            Surnames: new NamePool(c.Surnames, 0.9),
            Nationality: new Weighted<string>(c.Nationalities.Select(n => (n.Code, n.Weight)))));
        var slugs = await ExistingSlugsAsync("people");
        _birthYears = new short[options.People];
        var created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        await using (var importer = await connection.BeginBinaryImportAsync(
            """
            COPY people (id, slug, name, native_name, birth_date, death_date, nationality, occupations, wikidata, sources, version, created_at, updated_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < options.People; i++)
            {
                var id = _firstPersonId + i;
                var culture = cultures.Draw(_random);
                var pool = pools[culture.Name];
                var female = _random.NextDouble() < 0.45;
                var (first, firstNative) = (female ? pool.Female : pool.Male).Draw(_random, female);
                var (last, lastNative) = pool.Surnames.Draw(_random, female);
                var name = culture.Name == "english" && _random.NextDouble() < 0.12
                    ? $"{first} {(char)('A' + _random.Next(26))}. {last}"
                    : $"{first} {last}";
                var nativeName = firstNative is not null && lastNative is not null && _random.NextDouble() < culture.NativeShare
                    ? $"{firstNative} {lastNative}"
                    : null;
                var birth = BirthDate();
                var death = DeathDate(birth);
                var createdAt = created.AddSeconds(i * 20.0);
                var updatedAt = _random.NextDouble() < 0.1 ? createdAt.AddDays(_random.Next(1, 300)) : createdAt;
                if (updatedAt > Now)
                {
                    updatedAt = Now;
                }

                await importer.StartRowAsync();
                await importer.WriteAsync(id, NpgsqlDbType.Bigint);
                await importer.WriteAsync(UniqueSlug(slugs, Slug(name)), NpgsqlDbType.Text);
                await importer.WriteAsync(name, NpgsqlDbType.Text);
                await WriteNullableAsync(importer, nativeName, NpgsqlDbType.Text);
                await WriteNullableAsync(importer, birth, NpgsqlDbType.Date);
                await WriteNullableAsync(importer, death, NpgsqlDbType.Date);
                await WriteNullableAsync(importer, _random.NextDouble() < 0.05 ? null : pool.Nationality.Draw(_random), NpgsqlDbType.Char);
                await importer.WriteAsync(Occupations(culture), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await WriteNullableAsync(importer, _random.NextDouble() < 0.25 ? $"Q{_random.Next(100_000, 99_999_999)}" : null, NpgsqlDbType.Text);
                await importer.WriteAsync(new[] { "https://en.wikipedia.org/wiki/" + Uri.EscapeDataString(name.Replace(' ', '_')) }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await importer.WriteAsync(updatedAt == createdAt ? 1 : 2, NpgsqlDbType.Integer);
                await importer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(updatedAt, NpgsqlDbType.TimestampTz);

                var year = (short)(birth?.Year ?? 0);
                _birthYears[i] = year;
                if (birth is null)
                {
                    _peopleWithoutBirthDate.Add(id);
                }
                else
                {
                    if (!_peopleByBirthYear.TryGetValue(year, out var bucket))
                    {
                        _peopleByBirthYear[year] = bucket = [];
                    }

                    bucket.Add(id);
                }
            }

            await importer.CompleteAsync();
        }

        Log($"copied {options.People:N0} people");
    }

    private DateOnly? BirthDate()
    {
        if (_random.NextDouble() < 0.03)
        {
            return null;
        }

        // A bell over 1930..2000, leaning to the 1960s like the people who flew.
        var x = (_random.NextDouble() + _random.NextDouble() + _random.NextDouble()) / 3;
        var year = 1930 + (int)(70.999 * Math.Pow(x, 0.95));
        return new DateOnly(year, 1, 1).AddDays(_random.Next(DateTime.IsLeapYear(year) ? 366 : 365));
    }

    private DateOnly? DeathDate(DateOnly? birth)
    {
        if (birth is not { } born || born.Year >= 1960 || _random.NextDouble() > (1960 - born.Year) / 45.0)
        {
            return null;
        }

        var earliest = born.AddYears(45);
        var latest = DateOnly.FromDateTime(Now);
        return earliest >= latest ? null : earliest.AddDays(_random.Next(latest.DayNumber - earliest.DayNumber));
    }

    private string[] Occupations(Culture culture)
    {
        var flyer = culture.Name switch
        {
            "russian" => "cosmonaut",
            "chinese" => "taikonaut",
            _ => "astronaut",
        };
        string[] others = ["engineer", "pilot", "physician", "scientist", "teacher", "businessman", "journalist", "actress", "film director"];
        var roll = _random.NextDouble();
        string[] list = roll switch
        {
            < 0.45 => [flyer],
            < 0.75 => [flyer, others[_random.Next(4)]],
            < 0.95 => [others[_random.Next(6)]],
            _ => [others[_random.Next(others.Length)], others[_random.Next(3)]],
        };
        return list.Length == 2 && list[0] == list[1] ? [list[0]] : list;
    }

    private async Task<Dictionary<long, int>> LoadMissionsAsync(long firstId)
    {
        var byYear = new Dictionary<int, Weighted<FlightProgram>>();
        for (var year = 1961; year <= Now.Year; year++)
        {
            var active = FlightProgram.All.Where(p => p.FirstYear <= year && year <= p.LastYear).ToList();
            byYear[year] = new Weighted<FlightProgram>(active.Select(p => (p, p.Weight)));
        }

        var serials = new Dictionary<string, int>();
        var cosparSerials = new Dictionary<int, int>();
        var slugs = await ExistingSlugsAsync("missions");
        var launchYears = new Dictionary<long, int>(options.Missions);
        _missionPrograms = new FlightProgram[options.Missions];
        var created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        await using (var importer = await connection.BeginBinaryImportAsync(
            """
            COPY missions (id, slug, name, operator, vehicle, kind, apogee_km, launch_at, launch_site, landing_at, landing_site,
                destination, summary, wikidata, cospar, sources, version, created_at, updated_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < options.Missions; i++)
            {
                var id = firstId + i;
                // Skewed to recent decades: most crewed flights are recent.
                var year = 1961 + (int)((Now.Year - 1961 + 0.999) * Math.Pow(_random.NextDouble(), 0.55));
                var program = byYear[year].Draw(_random);
                _missionPrograms[i] = program;
                serials[program.Prefix] = serials.GetValueOrDefault(program.Prefix) + 1;
                var serial = serials[program.Prefix];
                var name = program.Prefix is "STS" or "NS" ? $"{program.Prefix}-{serial}" : $"{program.Prefix} {serial}";
                DateTime? launch = _random.NextDouble() < 0.005 ? null : LaunchInstant(year);
                DateTime? landing = launch is { } up ? up + FlightDuration(program) : null;
                if (landing > Now)
                {
                    landing = null;
                }

                launchYears[id] = launch?.Year ?? Now.Year + 1;
                string? cospar = null;
                if (program.Kind == "orbital" && launch is { } launched)
                {
                    cosparSerials[launched.Year] = cosparSerials.GetValueOrDefault(launched.Year) % 999 + 1;
                    cospar = $"{launched.Year}-{cosparSerials[launched.Year]:000}A";
                }

                var createdAt = created.AddSeconds(i * 60.0);
                await importer.StartRowAsync();
                await importer.WriteAsync(id, NpgsqlDbType.Bigint);
                await importer.WriteAsync(UniqueSlug(slugs, Slug(name)), NpgsqlDbType.Text);
                await importer.WriteAsync(name, NpgsqlDbType.Text);
                await importer.WriteAsync(program.Operator, NpgsqlDbType.Text);
                await importer.WriteAsync(program.Vehicle, NpgsqlDbType.Text);
                await importer.WriteAsync(program.Kind, NpgsqlDbType.Text);
                await WriteNullableAsync(importer, _random.NextDouble() < 0.03 ? (double?)null : Apogee(program), NpgsqlDbType.Double);
                await WriteNullableAsync(importer, launch, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(program.LaunchSite, NpgsqlDbType.Text);
                await WriteNullableAsync(importer, landing, NpgsqlDbType.TimestampTz);
                await WriteNullableAsync(importer, landing is null ? null : program.LandingSite, NpgsqlDbType.Text);
                await WriteNullableAsync(importer, program.Destination, NpgsqlDbType.Text);
                await importer.WriteAsync($"{name}: a crewed {program.Kind} flight of the {program.Vehicle} by {program.Operator}.", NpgsqlDbType.Text);
                await WriteNullableAsync(importer, _random.NextDouble() < 0.3 ? $"Q{_random.Next(100_000, 99_999_999)}" : null, NpgsqlDbType.Text);
                await WriteNullableAsync(importer, cospar, NpgsqlDbType.Text);
                await importer.WriteAsync(new[] { "https://en.wikipedia.org/wiki/" + Uri.EscapeDataString(name.Replace(' ', '_')) }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await importer.WriteAsync(1, NpgsqlDbType.Integer);
                await importer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        Log($"copied {options.Missions:N0} missions");
        return launchYears;
    }

    private FlightProgram[] _missionPrograms = [];

    private DateTime LaunchInstant(int year)
    {
        var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = year == Now.Year ? Now : start.AddYears(1);
        return start.AddSeconds(Math.Floor(_random.NextDouble() * (end - start).TotalSeconds));
    }

    private TimeSpan FlightDuration(FlightProgram program) => program.Prefix switch
    {
        "Vostok" or "Mercury" => TimeSpan.FromHours(1.5 + _random.NextDouble() * 110),
        "Voskhod" or "Gemini" => TimeSpan.FromHours(24 + _random.NextDouble() * 300),
        "Apollo" => TimeSpan.FromDays(6 + _random.NextDouble() * 6.5),
        "Soyuz" or "Crew Dragon" or "Shenzhou" => _random.NextDouble() < 0.65
            ? TimeSpan.FromDays(140 + _random.NextDouble() * 60 + (_random.NextDouble() < 0.02 ? 250 : 0))
            : TimeSpan.FromDays(2 + _random.NextDouble() * 14),
        "STS" => TimeSpan.FromDays(4 + _random.NextDouble() * 13.5),
        "Axiom" => TimeSpan.FromDays(10 + _random.NextDouble() * 11),
        "Starliner" => TimeSpan.FromDays(8 + _random.NextDouble() * 280),
        "Gaganyaan" => TimeSpan.FromDays(3),
        _ => TimeSpan.FromMinutes(10 + _random.NextDouble() * 5),
    };

    private double Apogee(FlightProgram program) => Math.Round(program.Prefix switch
    {
        "Apollo" => 376_000 + _random.NextDouble() * 30_000,
        "NS" => 98 + _random.NextDouble() * 10,
        "Galactic" => 80 + _random.NextDouble() * 10,
        "X-15 Flight" => 75 + _random.NextDouble() * 34,
        "Vostok" or "Mercury" or "Voskhod" or "Gemini" => 160 + _random.NextDouble() * 1200,
        _ => 200 + _random.NextDouble() * 230,
    }, 1);

    private async Task LoadCrewAsync(long firstMissionId, Dictionary<long, int> launchYears)
    {
        // Crew sizes follow each programme's capacity, then are nudged until they add up to the target.
        var sizes = _missionPrograms.Select(p => 1 + _random.Next(p.MaxCrew)).ToArray();
        var total = sizes.Sum();
        while (total != options.Crew)
        {
            var i = _random.Next(sizes.Length);
            if (total < options.Crew && sizes[i] < _missionPrograms[i].MaxCrew + 2)
            {
                sizes[i]++;
                total++;
            }
            else if (total > options.Crew && sizes[i] > 1)
            {
                sizes[i]--;
                total--;
            }
        }

        // The insert trigger derives flights and standings (0010_flights_and_standings.sql). Fired by the
        // COPY, it would plan its joins with the statistics of the tables as they were before this
        // transaction loaded them (empty): nested loops over hundreds of thousands of rows, which at 600,000
        // crew rows ran for over half an hour. So the trigger waits; once the tables are analyzed, the
        // same function it calls derives everything in one pass.
        await ExecuteAsync("ALTER TABLE crew_members DISABLE TRIGGER crew_members_inserted");
        var veterans = _peopleByBirthYear.ToDictionary(b => b.Key, b => Math.Max(1, b.Value.Count / 50));
        var years = _peopleByBirthYear.Keys.Order().ToArray();
        var crew = new List<long>(12);
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY crew_members (mission_id, person_id, role, launched, landed) FROM STDIN (FORMAT BINARY)"))
        {
            for (var m = 0; m < sizes.Length; m++)
            {
                var missionId = firstMissionId + m;
                var program = _missionPrograms[m];
                crew.Clear();
                while (crew.Count < sizes[m])
                {
                    var person = PickCrewMember(launchYears[missionId], years, veterans);
                    if (!crew.Contains(person))
                    {
                        crew.Add(person);
                    }
                }

                for (var k = 0; k < crew.Count; k++)
                {
                    var legs = _random.NextDouble();
                    await importer.StartRowAsync();
                    await importer.WriteAsync(missionId, NpgsqlDbType.Bigint);
                    await importer.WriteAsync(crew[k], NpgsqlDbType.Bigint);
                    await importer.WriteAsync(Role(program, k), NpgsqlDbType.Text);
                    await importer.WriteAsync(legs >= 0.015, NpgsqlDbType.Boolean);
                    await importer.WriteAsync(legs < 0.015 || legs >= 0.03, NpgsqlDbType.Boolean);
                }
            }

            await importer.CompleteAsync();
        }

        Log($"copied {options.Crew:N0} crew members");
        await ExecuteAsync("ALTER TABLE crew_members ENABLE TRIGGER crew_members_inserted");
        await ExecuteAsync("ANALYZE people, missions, crew_members");
        await ExecuteAsync("SELECT refresh_flights(ARRAY(SELECT DISTINCT person_id FROM crew_members))");
        Log("derived flights and standings");
    }

    private long PickCrewMember(int launchYear, int[] years, Dictionary<int, int> veterans)
    {
        if (_random.NextDouble() < 0.02 && _peopleWithoutBirthDate.Count > 0)
        {
            return _peopleWithoutBirthDate[_random.Next(_peopleWithoutBirthDate.Count)];
        }

        // Age at launch: mostly 30s to 50s, with a thin tail of the very young and the very old.
        var age = _random.NextDouble() < 0.004
            ? 60 + _random.Next(33)
            : (int)Math.Round(43 + 8 * Gaussian());
        var year = Math.Clamp(launchYear - Math.Clamp(age, 18, 92), years[0], years[^1]);
        var index = Array.BinarySearch(years, year);
        var bucket = _peopleByBirthYear[years[index < 0 ? Math.Min(~index, years.Length - 1) : index]];
        // Half the seats go to a few veterans of each birth year, so some people fly many times.
        return _random.NextDouble() < 0.5
            ? bucket[_random.Next(veterans[years[index < 0 ? Math.Min(~index, years.Length - 1) : index]])]
            : bucket[_random.Next(bucket.Count)];
    }

    private double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private string Role(FlightProgram program, int seat) => (program.Kind, program.Prefix, seat) switch
    {
        ("suborbital", "NS", _) => _random.NextDouble() < 0.7 ? "passenger" : "spaceflight-participant",
        ("suborbital", _, 0 or 1) => "pilot",
        ("suborbital", _, _) => "spaceflight-participant",
        (_, _, 0) => "commander",
        (_, "STS" or "Crew Dragon" or "Gemini" or "Starliner", 1) => "pilot",
        (_, "STS", _) => _random.NextDouble() < 0.8 ? "mission-specialist" : "payload-specialist",
        (_, "Axiom", _) => "spaceflight-participant",
        _ => _random.NextDouble() < 0.93 ? "flight-engineer" : "spaceflight-participant",
    };

    /// <summary>One create revision per generated row, as if each had come through the API.</summary>
    private async Task AppendRevisionsAsync(string table, string documentFunction, long firstId)
    {
        if (await ScalarAsync($"SELECT to_regproc('{documentFunction}')::text") is null or DBNull)
        {
            Log($"no {documentFunction}() yet: {table} get no revisions");
            return;
        }

        await ExecuteAsync("SAVEPOINT revisions");
        try
        {
            // Numbered as number_revisions() would number them (0040_unserialised_revisions.sql): after every
            // revision already there, ids and sequences in the same order, the change_sequence lock held
            // until the load commits, and the identity and last_sequence moved past them.
            await ExecuteAsync("SELECT number_revisions()");
            await ExecuteAsync("SELECT FROM change_sequence FOR UPDATE");
            await ExecuteAsync($"""
                WITH base AS (
                    SELECT (SELECT last_sequence FROM change_sequence) AS last_sequence,
                           (SELECT coalesce(max(id), 0) FROM revisions) AS last_id
                )
                INSERT INTO revisions (id, sequence, resource, resource_id, version, operation, changed_at, changed_by, data)
                SELECT base.last_id + row_number() OVER (ORDER BY r.id), base.last_sequence + row_number() OVER (ORDER BY r.id),
                       '{table}', r.id, 1, 'create', r.created_at, 'bench-generator', {documentFunction}(r)
                FROM {table} r, base
                WHERE r.id >= {firstId}
                """);
            await ExecuteAsync("UPDATE change_sequence SET last_sequence = (SELECT coalesce(max(sequence), 0) FROM revisions)");
            await ExecuteAsync("SELECT setval(pg_get_serial_sequence('revisions', 'id'), (SELECT max(id) FROM revisions))");
            await ExecuteAsync("RELEASE SAVEPOINT revisions");
            Log($"appended a revision per generated row of {table}");
        }
        catch (PostgresException exception)
        {
            await ExecuteAsync("ROLLBACK TO SAVEPOINT revisions");
            Log($"{table} get no revisions: {exception.MessageText}");
        }
    }

    private async Task<long> NextIdAsync(string table) =>
        Convert.ToInt64(await ScalarAsync($"SELECT coalesce(max(id), 0) + 1 FROM {table}"), CultureInfo.InvariantCulture);

    private async Task<SlugSet> ExistingSlugsAsync(string table)
    {
        var slugs = new SlugSet();
        await using var command = new NpgsqlCommand($"SELECT slug FROM {table}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            slugs.Taken.Add(reader.GetString(0));
        }

        return slugs;
    }

    /// <summary>The slug itself when free, else slug-2, slug-3, … as the service does it.</summary>
    private static string UniqueSlug(SlugSet slugs, string slug)
    {
        if (slugs.Taken.Add(slug))
        {
            return slug;
        }

        // Counting on from the last suffix given to this base keeps common names (thousands of
        // James Smiths) linear instead of probing -2, -3, … again for each one.
        var n = slugs.NextSuffix.GetValueOrDefault(slug, 2);
        var candidate = $"{slug}-{n}";
        while (!slugs.Taken.Add(candidate))
        {
            candidate = $"{slug}-{++n}";
        }

        slugs.NextSuffix[slug] = n + 1;
        return candidate;
    }

    private sealed class SlugSet
    {
        public HashSet<string> Taken { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> NextSuffix { get; } = new(StringComparer.Ordinal);
    }

    private static string Slug(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : class =>
        value is null ? importer.WriteNullAsync() : importer.WriteAsync(value, type);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : struct =>
        value is { } present ? importer.WriteAsync(present, type) : importer.WriteNullAsync();

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private void Log(string message) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1} s] {message}");
}
