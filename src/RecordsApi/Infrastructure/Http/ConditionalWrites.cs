using System.Data;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Infrastructure.Revisions;

namespace RecordsApi.Infrastructure.Http;

/// <summary>The parts of a conditional write every resource shares.</summary>
public static class ConditionalWrites
{
    /// <summary>Runs a write in one transaction: the change and its revision commit together or not at all.</summary>
    public static async Task<T> InTransactionAsync<T>(
        NpgsqlDataSource db, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await write(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// DELETE of any resource: If-Match is required (428); a resource something still refers to is a
    /// 409 naming the references; then a conditional soft delete (404 or 412 when it matches nothing)
    /// and its revision, in one transaction.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext http, NpgsqlDataSource db, ResourceKind kind, string reference, CancellationToken cancellationToken)
    {
        var ifMatch = Preconditions.ReadIfMatch(http.Request);
        if (!ifMatch.Present)
        {
            return ApiProblems.PreconditionRequired();
        }

        var target = ResourceRef.Parse(reference);
        return await InTransactionAsync<Results<NoContent, ProblemHttpResult>>(db, async (connection, transaction) =>
        {
            if (await LiveReferences.BlockingDeleteAsync(connection, transaction, kind, target) is { } references)
            {
                return ApiProblems.Conflict($"{references}. Remove those references first; nothing was deleted.");
            }

            if (await SoftDeleteAsync(connection, transaction, kind, target, ifMatch) is not { } id)
            {
                return await WhyNotWrittenAsync(connection, transaction, kind, target, reference);
            }

            await RevisionLog.AppendAsync(connection, transaction, kind, id, "delete", RevisionLog.ChangedBy(http));
            return TypedResults.NoContent();
        }, cancellationToken);
    }

    /// <summary>
    /// Soft-deletes a resource if it exists and its version is one If-Match accepts: it leaves every
    /// list and GET, its history stays. Returns its id, or null when nothing matched.
    /// </summary>
    private static Task<long?> SoftDeleteAsync(IDbConnection connection, IDbTransaction transaction, ResourceKind kind, ResourceRef target, IfMatch ifMatch)
    {
        var parameters = new DynamicParameters(target.Parameters);
        parameters.AddDynamicParams(new { anyVersion = ifMatch.Any, versions = ifMatch.Versions });
        return connection.ExecuteScalarAsync<long?>(
            $"""
            UPDATE {kind.Table} r SET deleted_at = now(), version = r.version + 1, updated_at = now()
            WHERE {ResourceRef.Condition("r")} AND r.deleted_at IS NULL AND (@anyVersion OR r.version = ANY(@versions))
            RETURNING r.id
            """,
            parameters,
            transaction);
    }

    /// <summary>After a conditional UPDATE matched nothing: the resource is gone (404) or has moved on (412).</summary>
    public static async Task<ProblemHttpResult> WhyNotWrittenAsync(
        IDbConnection connection, IDbTransaction transaction, ResourceKind kind, ResourceRef target, string reference)
    {
        var version = await connection.QuerySingleOrDefaultAsync<int?>(
            $"SELECT r.version FROM {kind.Table} r WHERE {ResourceRef.Condition("r")} AND r.deleted_at IS NULL",
            target.Parameters,
            transaction);
        return version is null
            ? ApiProblems.NotFound(kind.Singular, reference)
            : ApiProblems.PreconditionFailed(Preconditions.ETagFor(version.Value));
    }
}
