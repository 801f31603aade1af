using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Offerwall.Conversions;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Conversions;

/// <summary>
/// Group commit on a real PostgreSQL server (Conversions/GroupCommit.cs), with statements of the same form as the conversion's
/// (an INSERT … ON CONFLICT DO NOTHING RETURNING id) into a table of the test's own: statements queued at the same moment share
/// commits, each caller gets its own row's id only once it is committed, a repeated key gets null, and a statement that fails
/// fails only its own caller.
/// </summary>
public sealed class GroupCommitTests(PostgresFixture app) : IClassFixture<PostgresFixture>
{
    private async Task<string> TableAsync()
    {
        var table = $"probe_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE TABLE {table} (id bigserial PRIMARY KEY, v int NOT NULL UNIQUE)");
        return table;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private Task ExecuteAsync(string sql) => ScalarAsync<object>(sql + "; SELECT 1");

    private static Func<NpgsqlBatchCommand> Insert(string table, int v) => () =>
        new NpgsqlBatchCommand($"INSERT INTO {table} (v) VALUES (@v) ON CONFLICT (v) DO NOTHING RETURNING id") { Parameters = { new NpgsqlParameter<int>("v", v) } };

    private GroupCommit Server => app.App.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task StatementsQueuedTogetherShareCommitsAndEachGetsItsOwnCommittedRow()
    {
        var table = await TableAsync();
        // Queued without waiting, as concurrent requests do; value 0 twice.
        var values = Enumerable.Range(0, 40).Append(0).ToList();
        var ids = await Task.WhenAll(values.Select(v => Server.InsertAsync(Insert(table, v))).ToList());
        var calls = values.Zip(ids, (v, id) => (V: v, Id: id)).ToList();

        Assert.True(Server.Enabled);
        Assert.Equal(40L, await ScalarAsync<long>($"SELECT count(*) FROM {table}"));
        // Each caller's id is its own value's row, already visible to another connection: answered after the commit.
        foreach (var (v, id) in calls.Where(c => c.Id is not null))
            Assert.Equal(v, await ScalarAsync<int>($"SELECT v FROM {table} WHERE id = {id}"));
        // The repeated value: one of its two callers got the row, the other null, as ON CONFLICT DO NOTHING alone would answer.
        Assert.Equal(1, calls.Where(c => c.V == 0).Count(c => c.Id is null));
        Assert.Equal(40, ids.OfType<long>().Distinct().Count());
        // Fewer transactions than rows: statements were committed together.
        var transactions = await ScalarAsync<long>($"SELECT count(DISTINCT xmin::text) FROM {table}");
        Assert.InRange(transactions, 1, 39);
    }

    [Fact]
    public async Task AFailingStatementFailsOnlyItsOwnCaller()
    {
        var table = await TableAsync();
        var good = Enumerable.Range(0, 20).Select(v => Server.InsertAsync(Insert(table, v))).ToList();
        var bad = Server.InsertAsync(() =>
            new NpgsqlBatchCommand($"INSERT INTO {table} (v) VALUES (1 / (@zero)) RETURNING id") { Parameters = { new NpgsqlParameter<int>("zero", 0) } });
        good.AddRange(Enumerable.Range(20, 20).Select(v => Server.InsertAsync(Insert(table, v))));

        var error = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal(PostgresErrorCodes.DivisionByZero, error.SqlState);
        Assert.All(await Task.WhenAll(good), id => Assert.NotNull(id));
        Assert.Equal(40L, await ScalarAsync<long>($"SELECT count(*) FROM {table}"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres, true, true)]
    [InlineData(DatabaseProvider.Postgres, false, false)]
    [InlineData(DatabaseProvider.Sqlite, true, false)]
    public void OnOnlyOnPostgresAndUnlessSwitchedOff(DatabaseProvider provider, bool groupCommit, bool enabled)
    {
        var options = Options.Create(new DatabaseOptions { Provider = provider, ConnectionString = "Host=db", GroupCommit = groupCommit });
        Assert.Equal(enabled, new GroupCommit(options, NullLogger<GroupCommit>.Instance).Enabled);
    }
}
