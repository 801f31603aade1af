using Offerwall.Data;
using Offerwall.Offers;

namespace Offerwall.Demo;

/// <summary>
/// Makes the demo's clicks, conversions and ledger rows in time order, the way real traffic
/// would: each user progresses through an offer's goals in order on one click; about 3 % of
/// conversions are reversed a few hours to two days after they were paid.
/// </summary>
internal sealed class LedgerBuilder(Random random, Partner[] partners, Offer[] offers, User[] users, int[] userPartner)
{
    private const double ReversalChance = 0.031;
    private const double SurveyChance = 0.3;

    private readonly List<Click> _clicks = [];
    private readonly List<Conversion> _conversions = [];
    private readonly List<LedgerEntry> _ledger = [];
    private readonly Dictionary<int, (long ClickId, int NextGoal)> _progress = [];
    private readonly PriorityQueue<Conversion, DateTime> _reversals = new();
    private readonly int[] _gameOffers = offers.Select((o, i) => (o, i)).Where(x => x.o.Kind == OfferKind.Offer).Select(x => x.i).ToArray();
    private readonly int[] _surveyOffers = offers.Select((o, i) => (o, i)).Where(x => x.o.Kind == OfferKind.Survey).Select(x => x.i).ToArray();
    private long _clickId, _conversionId, _ledgerId;

    /// <summary>Writes the ledger row due at <paramref name="time"/>: a due reversal, else a new approved conversion.</summary>
    public void Next(DateTime time)
    {
        if (_reversals.TryPeek(out var due, out var dueAt) && dueAt <= time)
        {
            _reversals.Dequeue();
            AddLedger(due, time, reverse: true);
            return;
        }
        var (conversion, goal) = NewConversion(time, requireHold: false);
        var hold = TimeSpan.FromHours(goal.HoldHours);
        conversion.CreatedAt = time - hold;
        conversion.HoldUntil = time;
        conversion.DecidedAt = time;
        conversion.Status = ConversionStatus.Approved;
        if (random.NextDouble() < ReversalChance)
        {
            conversion.Status = ConversionStatus.Reversed;
            _reversals.Enqueue(conversion, time.AddMinutes(random.Next(60, 48 * 60)));
        }
        AddLedger(conversion, time, reverse: false);
    }

    /// <summary>A conversion reported at <paramref name="time"/> and still in its hold period.</summary>
    public void Pending(DateTime time)
    {
        var (conversion, goal) = NewConversion(time, requireHold: true);
        conversion.CreatedAt = time;
        conversion.HoldUntil = time.AddHours(goal.HoldHours);
        conversion.Status = ConversionStatus.Pending;
    }

    public async Task FlushAsync(OfferwallDb db, CancellationToken ct)
    {
        await BulkCopy.InsertAsync(db, _clicks, ct);
        await BulkCopy.InsertAsync(db, _conversions, ct);
        await BulkCopy.InsertAsync(db, _ledger, ct);
        _clicks.Clear();
        _conversions.Clear();
        _ledger.Clear();
    }

    /// <summary>Reversals still queued when the data ends happen by <paramref name="end"/>: every reversed conversion has its row.</summary>
    public void DrainReversals(DateTime end)
    {
        while (_reversals.TryDequeue(out var conversion, out var at))
            AddLedger(conversion, at < end ? at : end, reverse: true);
    }

    private (Conversion, Goal) NewConversion(DateTime time, bool requireHold)
    {
        for (var attempt = 0; ; attempt++)
        {
            var u = random.Next(users.Length);
            var partner = partners[userPartner[u]];
            var o = partner.SurveysEnabled && !requireHold && random.NextDouble() < SurveyChance
                ? _surveyOffers[random.Next(_surveyOffers.Length)]
                : _gameOffers[random.Next(_gameOffers.Length)];
            var offer = offers[o];
            var key = u * offers.Length + o;
            if (!_progress.TryGetValue(key, out var progress))
                progress = (0, 0);

            var goalIndex = progress.NextGoal;
            if (goalIndex >= offer.Goals.Count)
            {
                // Finished: only a repeatable (dynamic) last goal can convert again.
                if (offer.Goals[^1].Kind != GoalKind.Dynamic && offer.Kind != OfferKind.Survey && attempt < 20) continue;
                goalIndex = offer.Goals.Count - 1;
            }
            var goal = offer.Goals[goalIndex];
            if (requireHold && goal.HoldHours == 0 && attempt < 50) continue;

            if (progress.ClickId == 0)
            {
                progress.ClickId = ++_clickId;
                _clicks.Add(new Click
                {
                    Id = progress.ClickId, TxId = DemoData.RandomId(random, 24), PartnerId = partner.Id, UserId = users[u].Id,
                    OfferId = offer.Id, Ip = $"203.0.113.{random.Next(1, 255)}", UserAgent = "Mozilla/5.0 (Linux; Android 14) DemoApp/1.0",
                    CreatedAt = time.AddHours(-25).AddMinutes(-random.Next(1, 600)),
                });
            }
            _progress[key] = (progress.ClickId, goalIndex + 1);

            var survey = offer.Kind == OfferKind.Survey;
            var conversion = new Conversion
            {
                Id = ++_conversionId, ClickId = progress.ClickId, PartnerId = partner.Id, UserId = users[u].Id, OfferId = offer.Id,
                GoalId = goal.Id, AdvertiserEventId = $"demo-{_conversionId}", Kind = offer.Kind,
                SurveyId = survey ? Convert.ToHexStringLower(BitConverter.GetBytes(random.Next()))[..6] : null,
                Reward = goal.Reward, RewardLocal = Rewards.Local(goal.Reward, partner.CurrencyRatio),
                AdvertiserPayout = goal.Payout, Payout = Rewards.PartnerPayout(goal.Payout, partner.RevenueShare),
            };
            _conversions.Add(conversion);
            return (conversion, goal);
        }
    }

    private void AddLedger(Conversion c, DateTime time, bool reverse)
    {
        var offer = offers.First(o => o.Id == c.OfferId);
        var goal = offer.Goals.First(g => g.Id == c.GoalId);
        var user = users[c.UserId - 1];
        _ledger.Add(new LedgerEntry
        {
            Id = ++_ledgerId, TransactionId = c.Id, Reverse = reverse, PartnerId = c.PartnerId, UserId = c.UserId,
            UserExternalId = user.ExternalId, OfferPublicId = offer.PublicId, OfferName = offer.Name, GoalPublicId = goal.PublicId,
            Note = goal.Name, Reward = c.Reward, RewardLocal = c.RewardLocal, Payout = c.Payout, Kind = c.Kind, SurveyId = c.SurveyId,
            OccurredAt = time,
        });
    }
}
