namespace Offerwall.Postbacks;

/// <summary>Section "Postbacks": the partner postback worker.</summary>
public sealed class PostbackOptions
{
    /// <summary>Run the worker in this process. Several processes may run it on one database.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Waits after each failed attempt; after the last one the delivery is dead (kept, replayable).</summary>
    public List<TimeSpan> RetryLadder { get; set; } = [];

    /// <summary>Each wait is randomly stretched or shrunk by up to this fraction, so retries of many deliveries spread out.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>A partner that has not answered 2xx within this time has failed the attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a claimed delivery is this worker's; past it another worker may take it (the sender died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When the server stops (SIGTERM): how long the sends already under way may take to finish and be recorded. The worker claims
    /// nothing more and hands back at once what it has not started; a send still running at the end is cancelled and handed back
    /// (its partner may have received it: it goes out again, as at-least-once allows). Keep it below the host's shutdown timeout.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often to look for due deliveries when nothing wakes the worker (deliveries written by this process wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries one process holds claimed and unrecorded at most (it claims again whenever room frees up).</summary>
    public int BatchSize { get; set; } = 250;

    /// <summary>
    /// Deliveries this process sends at a time; also the most deliveries of one partner leased at once, over
    /// every worker on the database.
    /// </summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>
    /// Deliveries of one partner this process sends at a time: a partner whose endpoint hangs holds at most
    /// this many of the Concurrency senders, and the other partners' postbacks go out.
    /// </summary>
    public int PartnerConcurrency { get; set; } = 16;

    /// <summary>Allow postback URLs on loopback, private, link-local, reserved and this machine's own addresses (the SSRF guard off).</summary>
    public bool AllowPrivateNetworks { get; set; }

    public static readonly TimeSpan[] DefaultLadder =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(24), TimeSpan.FromHours(24),
    ];

    public IReadOnlyList<TimeSpan> Ladder => RetryLadder.Count > 0 ? RetryLadder : DefaultLadder;
}
