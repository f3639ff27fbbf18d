using System.Data;
using Dapper;
using Npgsql;

namespace RecordsApi.Infrastructure.Database;

public static class DatabaseSetup
{
    public const int DefaultConnectTimeoutSeconds = 3;

    /// <summary>One NpgsqlDataSource for the whole process, migrations at start-up, Dapper's conventions.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Start the service with ./run.sh (it starts PostgreSQL for you) "
                + "or set the environment variable ConnectionStrings__Postgres.");

        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        // Instants travel as UTC; the session time zone decides how timestamptz renders as text in cursors.
        dataSourceBuilder.ConnectionStringBuilder.Timezone = "UTC";
        dataSourceBuilder.ConnectionStringBuilder.ApplicationName ??= "records-api";
        // With the database down or every pooled connection busy, opening a connection gives up after
        // this long (Npgsql's Timeout bounds the connect and the wait for a pooled connection alike),
        // so a request answers 503 promptly instead of hanging.
        dataSourceBuilder.ConnectionStringBuilder.Timeout =
            builder.Configuration.GetValue("Database:ConnectTimeoutSeconds", DefaultConnectTimeoutSeconds);
        builder.Services.AddSingleton(_ => dataSourceBuilder.Build());
        builder.Services.AddSingleton(new MigrationSettings(connectionString));
        builder.Services.AddHostedService<DatabaseStartup>();

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
