using Npgsql;

namespace Personalization.Sql.Tests;

/// <summary>
/// A sharded PostgreSQL: the coordinator of <c>PERSONALIZATION_POSTGRES</c> holds tables hash-partitioned by customer id whose two
/// partitions are postgres_fdw foreign tables on the shard servers of <c>PERSONALIZATION_POSTGRES_SHARDS</c> (started by
/// <c>eng/postgres-shards.sh</c>), next to local single-server copies of the same rows. Everything lives in one schema per fixture
/// (and two foreign servers named after it), dropped at the end.
/// </summary>
public sealed class ShardedPostgres : IDisposable
{
    public const string Variable = "PERSONALIZATION_POSTGRES_SHARDS";

    private readonly string[] _shards;

    public ShardedPostgres()
    {
        string value = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException($"{Variable} is not set, so the sharded PostgreSQL tests have no shard servers. Run the tests with `bash eng/test.sh`, "
                + "or start them with `eval \"$(bash eng/postgres-shards.sh start)\"` (after eng/postgres.sh) and stop them with `bash eng/postgres-shards.sh stop`.");
        _shards = value.Split('|');
        if (_shards.Length != 2)
        {
            throw new InvalidOperationException($"{Variable} must hold two connection strings separated by '|', but holds {_shards.Length}.");
        }

        Schema = PostgresServer.NewSchemaName();
        using NpgsqlConnection coordinator = PostgresServer.Open();
        PostgresServer.Execute(coordinator, "CREATE EXTENSION IF NOT EXISTS postgres_fdw");
        PostgresServer.Execute(coordinator, $"CREATE SCHEMA {Schema}");
        for (int i = 0; i < _shards.Length; i++)
        {
            var shard = new NpgsqlConnectionStringBuilder(_shards[i]);
            using var connection = new NpgsqlConnection(_shards[i]);
            connection.Open();
            PostgresServer.Execute(connection, $"CREATE SCHEMA {Schema}");

            // fdw_tuple_cost 0.2 is PostgreSQL 17's default (15 and 16 have 0.01, which prices a row fetched from a shard so low that
            // the planner aggregates the fetched lines on the coordinator rather than shipping the aggregation), and the remote estimates
            // cost the shipped aggregation by the shard's own plan; docs/sql.md says so.
            PostgresServer.Execute(coordinator, $"CREATE SERVER {Schema}_shard{i} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '{shard.Host}', port '{shard.Port}', dbname '{shard.Database}', batch_size '5000', fetch_size '10000', fdw_tuple_cost '0.2', use_remote_estimate 'true')");
            PostgresServer.Execute(coordinator, $"CREATE USER MAPPING FOR CURRENT_USER SERVER {Schema}_shard{i} OPTIONS (user '{shard.Username}')");
        }
    }

    public string Schema { get; }

    /// <summary>Creates <c>{name}_local</c> (loaded by <paramref name="load"/>) and <c>{name}</c>, hash-partitioned on <paramref name="key"/> into
    /// two foreign partitions (tables <c>{name}_part</c> on the shards), filled from the local copy; then analyzes both.</summary>
    public void CreateSharded(NpgsqlConnection coordinator, string name, string columns, string key, Action<string> load)
    {
        string local = $"{Schema}.{name}_local";
        load(local);
        PostgresServer.Execute(coordinator, $"CREATE TABLE {Schema}.{name} ({columns}) PARTITION BY HASH ({key})");
        for (int i = 0; i < _shards.Length; i++)
        {
            using var shard = new NpgsqlConnection(_shards[i]);
            shard.Open();
            PostgresServer.Execute(shard, $"CREATE TABLE {Schema}.{name}_part ({columns})");
            PostgresServer.Execute(coordinator, $"CREATE FOREIGN TABLE {Schema}.{name}_{i} PARTITION OF {Schema}.{name} FOR VALUES WITH (MODULUS 2, REMAINDER {i}) "
                + $"SERVER {Schema}_shard{i} OPTIONS (schema_name '{Schema}', table_name '{name}_part')");
        }

        PostgresServer.Execute(coordinator, $"INSERT INTO {Schema}.{name} SELECT * FROM {local}");
        for (int i = 0; i < _shards.Length; i++)
        {
            using var shard = new NpgsqlConnection(_shards[i]);
            shard.Open();
            PostgresServer.Execute(shard, $"ANALYZE {Schema}.{name}_part");
        }

        PostgresServer.Execute(coordinator, $"ANALYZE {local}");
        PostgresServer.Execute(coordinator, $"ANALYZE {Schema}.{name}");
    }

    /// <summary>The number of rows of <c>{name}_part</c> on each shard.</summary>
    public long[] ShardRowCounts(string name)
    {
        var counts = new long[_shards.Length];
        for (int i = 0; i < _shards.Length; i++)
        {
            using var shard = new NpgsqlConnection(_shards[i]);
            shard.Open();
            using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {Schema}.{name}_part", shard);
            counts[i] = (long)command.ExecuteScalar()!;
        }

        return counts;
    }

    public void Dispose()
    {
        using (NpgsqlConnection coordinator = PostgresServer.Open())
        {
            PostgresServer.Execute(coordinator, $"DROP SCHEMA {Schema} CASCADE");
            for (int i = 0; i < _shards.Length; i++)
            {
                PostgresServer.Execute(coordinator, $"DROP SERVER {Schema}_shard{i} CASCADE");
            }
        }

        foreach (string connectionString in _shards)
        {
            using var shard = new NpgsqlConnection(connectionString);
            shard.Open();
            PostgresServer.Execute(shard, $"DROP SCHEMA {Schema} CASCADE");
        }
    }
}
