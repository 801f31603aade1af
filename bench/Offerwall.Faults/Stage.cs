using System.Diagnostics;
using System.Globalization;

namespace Offerwall.Faults;

/// <summary>
/// Everything one scenario runs on: its own database, the partner sink, one or more server nodes on
/// that database, and the market (advertiser, offer, partner whose postbacks go to the sink, clicks).
/// A scenario may add partners, each with a sink of its own (<see cref="AddPartnerAsync"/>).
/// </summary>
public sealed class Stage : IAsyncDisposable
{
    private readonly List<ServerNode> _nodes = [];
    private readonly List<PartnerSink> _otherSinks = [];

    private Stage(FaultOptions options, string connectionString, string tag, PartnerSink sink)
    {
        Options = options;
        ConnectionString = connectionString;
        Tag = tag;
        Sink = sink;
    }

    public FaultOptions Options { get; }
    public string ConnectionString { get; }
    public string Tag { get; }
    public PartnerSink Sink { get; }
    public IReadOnlyList<ServerNode> Nodes => _nodes;
    public Market Market { get; private set; } = null!;
    public Advertiser Advertiser { get; private set; } = null!;

    /// <summary>How long an advertiser keeps resending one postback that gets no 2xx.</summary>
    public static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(120);

    /// <param name="caps">The offer's caps (import JSON, snake_case keys), or null for none.</param>
    public static async Task<Stage> CreateAsync(FaultOptions options, string name, int nodes, int clicks, CancellationToken ct, object? caps = null)
    {
        var tag = Convert.ToHexStringLower(BitConverter.GetBytes(options.Seed)[..3]) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..2]);
        var connectionString = await Setup.CreateDatabaseAsync(options, $"faults_{name.Replace('-', '_')}_{tag}", ct);
        Stage? stage = null;
        var pids = new List<ServerNode>();
        var sink = new PartnerSink(() => pids.SelectMany(n => n.Pids).ToList());
        try
        {
            await sink.StartAsync();
            stage = new Stage(options, connectionString, tag, sink);
            for (var i = 0; i < nodes; i++)
            {
                // One after the other: the first migrates the empty database, the others find it migrated.
                var node = new ServerNode(options, nodes == 1 ? name : $"{name}-{(char)('a' + i)}", connectionString);
                stage._nodes.Add(node);
                pids.Add(node);
                await node.StartAsync(ct);
            }
            var started = Stopwatch.GetTimestamp();
            using var admin = Setup.Client(stage._nodes[0].Url, 8);
            stage.Market = await Setup.CreateMarketAsync(admin, options.AdminToken, sink.Url, clicks, tag, ct, caps);
            sink.Secret = stage.Market.PostbackSecret;
            stage.Advertiser = new Advertiser(stage.Market.AdvertiserSecret, GiveUp);
            Console.WriteLine($"{name}: {nodes} server process(es) on database faults_{name.Replace('-', '_')}_{tag}, partner sink on {sink.Url}, " +
                              $"{clicks} clicks made in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
            return stage;
        }
        catch
        {
            if (stage is not null) await stage.DisposeAsync();
            else await sink.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Another partner on the same advertiser and offer, with <paramref name="clicks"/> clicks of its users and a
    /// sink of its own (started, up, verifying this partner's signatures; stopped with the stage).
    /// </summary>
    public async Task<(Market Market, PartnerSink Sink)> AddPartnerAsync(string role, int clicks, CancellationToken ct)
    {
        var sink = new PartnerSink(() => _nodes.SelectMany(n => n.Pids).ToList());
        _otherSinks.Add(sink);
        await sink.StartAsync();
        using var admin = Setup.Client(_nodes[0].Url, 8);
        var market = await Setup.CreatePartnerAsync(admin, Options.AdminToken, Market.AdvertiserSecret, Market.OfferId, sink.Url, clicks, Tag, role, ct);
        sink.Secret = market.PostbackSecret;
        return (market, sink);
    }

    /// <summary>Waits (bounded) until the partner has no pending delivery; returns how long it took, or null on time-out.</summary>
    public async Task<TimeSpan?> WaitDrainedAsync(TimeSpan max, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < max)
        {
            var (pending, _, total) = await DbSnapshot.DeliveryCountsAsync(ConnectionString, Market.PartnerId, ct);
            if (pending == 0 && total > 0)
            {
                // Let the last answers reach the sink's books.
                await Task.Delay(300, ct);
                return Stopwatch.GetElapsedTime(started);
            }
            await Task.Delay(200, ct);
        }
        return null;
    }

    /// <summary>
    /// The server logs: an error (an exception, a failed postback round) is a failure, except what EF Core
    /// logs at error level for conditions the server handles — the probe of the migration history on the
    /// first start on an empty database, and the unique-index violation when the same event is reported
    /// twice at once (RecordConversion answers it as a repeat). Warnings (a worker losing a lease, a
    /// delivery going dead) are reported.
    /// </summary>
    public void CheckLogs(Verdict v)
    {
        var entries = _nodes.Select(n => n.LogEntries()).ToList();
        var errors = entries.SelectMany(e => e.Errors).ToList();
        var warnings = entries.SelectMany(e => e.Warnings).ToList();
        var probe = errors.Count(e => e.StartsWith("Microsoft.EntityFrameworkCore.Database.Command[20102]", StringComparison.Ordinal)
                                      && e.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal));
        var raceCommands = errors.Count(e => e.StartsWith("Microsoft.EntityFrameworkCore.Database.Command[20102]", StringComparison.Ordinal)
                                             && e.Contains("INSERT INTO conversions", StringComparison.Ordinal));
        var raceUpdates = errors.Count(e => e.StartsWith("Microsoft.EntityFrameworkCore.Update[10000]", StringComparison.Ordinal)
                                            && e.Contains("23505", StringComparison.Ordinal)
                                            && e.Contains("ix_conversions_click_id_goal_id_advertiser_event_id", StringComparison.Ordinal));
        var other = errors.Where(e => !(e.StartsWith("Microsoft.EntityFrameworkCore.Database.Command[20102]", StringComparison.Ordinal)
                                        && (e.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal)
                                            || e.Contains("INSERT INTO conversions", StringComparison.Ordinal)))
                                      && !(e.StartsWith("Microsoft.EntityFrameworkCore.Update[10000]", StringComparison.Ordinal)
                                           && e.Contains("23505", StringComparison.Ordinal)
                                           && e.Contains("ix_conversions_click_id_goal_id_advertiser_event_id", StringComparison.Ordinal))).ToList();
        v.Check("no unhandled error in the server logs", other.Count == 0 && raceCommands == raceUpdates,
            $"{other.Count} errors, {warnings.Count} warnings; EF Core also logged {probe} migration-history probes and {raceUpdates} same-event races " +
            "caught by the unique index" + Verdict.Examples(other.Concat(warnings).Select(e => e.Length > 300 ? e[..300] : e).Distinct(), 3));
    }

    /// <summary>The log tails of the nodes, for a failed run.</summary>
    public void ShowLogs()
    {
        foreach (var node in _nodes)
            Console.WriteLine($"--- {node.Name} ({node.LogPath}), last lines:\n{ServerNode.Tail(node.LogPath, 15)}");
    }

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await Sink.DisposeAsync();
        foreach (var sink in _otherSinks) await sink.DisposeAsync();
    }
}
