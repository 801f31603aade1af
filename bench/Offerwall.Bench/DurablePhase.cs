using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Offerwall.Bench;

/// <summary>
/// Ingestion under two durability settings of the same PostgreSQL server (issue 20): the throwaway's own (fsync off, full_page_writes
/// off) and production's (fsync, full_page_writes and synchronous_commit on), each against raw single-row INSERTs (<see cref="InsertBaseline"/>)
/// under the same settings. scripts/bench starts the server with these two settings in postgresql.conf, not on its command line (which
/// ALTER SYSTEM cannot override), so the phase switches with <c>ALTER SYSTEM SET …; SELECT pg_reload_conf()</c> (all three reload
/// without a restart), reads the settings back on a new connection before measuring, and puts the file's values back at the end
/// (<c>ALTER SYSTEM RESET</c>). The postbacks are the ingestion phase's (signed, dynamic goal, a new event each, its delivery to the
/// sink awaited after each run) on an offer of its own, without caps or rules. Also the statements per accepted postback
/// (<see cref="PgStatements"/>). PostgreSQL only.
/// </summary>
public static class DurablePhase
{
    private const double Goal = 0.25;
    private static readonly string[] Settings = ["fsync", "full_page_writes", "synchronous_commit"];

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        var t = c.Table;
        if (o.Engine != "postgres")
        {
            t.Add(phase, "PostgreSQL only (SQLite's durability is the server's own setting)", "—");
            return;
        }
        using var http = Http.Client(o.Url, o.IngestConcurrency);
        var tag = BenchContext.NewTag();
        var fixture = await BenchSetup.CreateAsync(http, o.AdminToken, o.Clicks, o.IngestConcurrency, tag, ct);
        await BenchSetup.SetPostbackUrlAsync(http, o.AdminToken, fixture.PartnerId, c.Sink, ct);
        await using var inserts = await InsertBaseline.CreateAsync(o.Engine, o.Db, o.IngestConcurrency, ct);
        var events = 0L;
        var approved = new ConcurrentBag<long>();
        Func<int, Operation> postback = _ => async token =>
        {
            var n = Interlocked.Increment(ref events);
            var answer = await IngestionPhase.SendAsync(http, fixture, fixture.TxIds[(int)(n % fixture.TxIds.Count)],
                $"{tag}-{n.ToString(CultureInfo.InvariantCulture)}", token);
            if (!answer.Accepted) return $"{answer.Status?.ToString() ?? "no answer"}: {Load.Shorten(answer.Body)}";
            if (answer.ConversionStatus != "approved") return $"conversion_status {answer.ConversionStatus ?? "missing"}: {Load.Shorten(answer.Body)}";
            approved.Add(answer.TransactionId!.Value);
            return null;
        };
        Func<int, Operation> insert = inserts.Worker;

        long failures = 0, baselineFailures = 0;
        try
        {
            foreach (var durable in new[] { false, true })
            {
                var described = await ApplyAsync(o, durable, ct);
                Console.WriteLine($"  settings: {described}");
                var (ours, theirs) = (new Series(), new Series());
                for (var run = 0; run <= o.Runs && !ct.IsCancellationRequested; run++)
                {
                    var seconds = run == 0 ? o.Warmup : o.Seconds;
                    if (seconds == 0) continue;
                    var label = run == 0 ? "warm-up" : $"run {run}";
                    approved.Clear();
                    var cpu = Cpu.Of(o.ServerPid);
                    var a = await Load.RunAsync(o.IngestConcurrency, seconds, postback, ct);
                    failures += a.Failures;
                    Load.Print($"offerwall {label}", a, "accepted");
                    await IngestionPhase.DrainAsync(c.Sink, approved, ct);
                    cpu = Cpu.Since(o.ServerPid, cpu);
                    var b = await Load.RunAsync(o.IngestConcurrency, seconds, insert, ct);
                    baselineFailures += b.Failures;
                    Load.Print($"baseline  {label}", b, "inserts");
                    if (run == 0) continue;
                    ours.Add(a);
                    ours.AddCpu(cpu);
                    theirs.Add(b);
                }
                var ratio = ours.MedianRate / theirs.MedianRate;
                t.Add(phase, $"accepted postbacks/s vs single-row INSERTs/s, {o.IngestConcurrency} conn., {described} (median of {ours.Count})",
                    Fmt.Int(ours.MedianRate), Fmt.Int(theirs.MedianRate), Fmt.Ratio(ratio), $"≥ {Goal:F2}", Fmt.Met(ratio >= Goal));
                t.Add(phase, "  latency p50 / p99 (ms)", $"{Fmt.Ms(ours.Percentile(0.5))} / {Fmt.Ms(ours.Percentile(0.99))}",
                    $"{Fmt.Ms(theirs.Percentile(0.5))} / {Fmt.Ms(theirs.Percentile(0.99))}");
                t.Add(phase, "  server process CPU per accepted postback, its delivery included (ms)", ours.CpuPerOperation);
                if (!durable)
                    PgStatements.AddRow(t, phase, "ingestion", await PgStatements.MeasureAsync(o, "postback", postback, ct),
                        await PgStatements.MeasureAsync(o, "single-row INSERT", insert, ct));
            }
        }
        finally
        {
            Console.WriteLine($"  settings put back: {await ApplyAsync(o, null, CancellationToken.None)}");
        }
        var rows = await inserts.CountAsync(ct);
        if (rows != inserts.Inserted) t.Fail(phase, $"the baseline table has {rows} rows for {inserts.Inserted} successful INSERTs");
        t.AddFailures(phase, failures, baselineFailures);
    }

    /// <summary>Durable (true), the throwaway's (false) or the configuration file's (null, RESET); waits until a new connection sees them; what it sees.</summary>
    private static async Task<string> ApplyAsync(RunOptions o, bool? durable, CancellationToken ct)
    {
        await using (var connection = (NpgsqlConnection)InsertBaseline.Open(o.Engine, o.Db))
        {
            await connection.OpenAsync(ct);
            foreach (var setting in Settings)
            {
                var value = setting == "synchronous_commit" ? "on" : durable == true ? "on" : "off";
                var sql = durable is null ? $"ALTER SYSTEM RESET {setting}" : $"ALTER SYSTEM SET {setting} = {value}";
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(ct);
            }
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(ct);
        }
        var described = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(100, ct);
            // A new backend reads the configuration the postmaster has reloaded; the server's pooled ones reload before their next statement.
            await using var connection = (NpgsqlConnection)InsertBaseline.Open(o.Engine, o.Db + ";Pooling=false");
            await connection.OpenAsync(ct);
            var values = new List<string>();
            foreach (var setting in Settings)
            {
                await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
                values.Add($"{setting}={(string)(await show.ExecuteScalarAsync(ct))!}");
            }
            described = string.Join(", ", values);
            if (durable is null || values[0] == (durable.Value ? "fsync=on" : "fsync=off") && values[1] == (durable.Value ? "full_page_writes=on" : "full_page_writes=off"))
                return described;
        }
        throw new BenchSetupException($"PostgreSQL did not take the settings after a reload: {described} (is fsync set on its command line?)");
    }
}
