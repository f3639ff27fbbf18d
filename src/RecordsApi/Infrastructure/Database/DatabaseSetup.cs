using System.Data;
using Dapper;
using Npgsql;

namespace RecordsApi.Infrastructure.Database;

public static class DatabaseSetup
{
    /// <summary>One NpgsqlDataSource for the whole process, migrations at start-up, Dapper's conventions.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        // Generating the OpenAPI document (tools/generate-openapi.sh) starts the host but never touches the database.
        var generatingDocument = Docs.DocumentGeneration.IsRunning;
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? (generatingDocument ? "Host=127.0.0.1" : null)
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Start the service with ./run.sh (it starts PostgreSQL for you) "
                + "or set the environment variable ConnectionStrings__Postgres.");

        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        // Instants travel as UTC; the session time zone decides how timestamptz renders as text in cursors.
        dataSourceBuilder.ConnectionStringBuilder.Timezone = "UTC";
        dataSourceBuilder.ConnectionStringBuilder.ApplicationName ??= "records-api";
        DatabaseLimits.From(builder.Configuration).ApplyTo(dataSourceBuilder.ConnectionStringBuilder);
        builder.Services.AddSingleton(_ => dataSourceBuilder.Build());
        builder.Services.AddSingleton(new MigrationSettings(connectionString));
        if (!generatingDocument)
        {
            builder.Services.AddHostedService<DatabaseStartup>();
        }

        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        return builder;
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value) => parameter.Value = value;

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            _ => throw new DataException($"Cannot read {value.GetType()} as a date."),
        };
    }
}

public sealed record MigrationSettings(string ConnectionString);
