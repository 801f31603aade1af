using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Offerwall.Data;

/// <summary>
/// The one model of the system, shared by both engines. Each engine has a subclass only so it can
/// keep its own migrations (<see cref="SqliteOfferwallDb"/>, <see cref="PostgresOfferwallDb"/>);
/// handlers always take this type.
/// </summary>
public abstract class OfferwallDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Advertiser> Advertisers => Set<Advertiser>();
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<Goal> Goals => Set<Goal>();
    public DbSet<Promotion> Promotions => Set<Promotion>();
    public DbSet<Click> Clicks => Set<Click>();
    public DbSet<Conversion> Conversions => Set<Conversion>();
    public DbSet<ConversionChange> ConversionChanges => Set<ConversionChange>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<PostbackDelivery> PostbackDeliveries => Set<PostbackDelivery>();
    public DbSet<PostbackAttempt> PostbackAttempts => Set<PostbackAttempt>();
    public DbSet<LedgerHourCount> LedgerHourCounts => Set<LedgerHourCount>();
    public DbSet<LedgerCountCoverage> LedgerCountCoverage => Set<LedgerCountCoverage>();
    public DbSet<ReportHour> ReportHours => Set<ReportHour>();
    public DbSet<ReportCoverage> ReportCoverage => Set<ReportCoverage>();
    public DbSet<CapCounter> CapCounters => Set<CapCounter>();
    public DbSet<FraudRuleSetting> FraudRuleSettings => Set<FraudRuleSetting>();
    public DbSet<BlockChange> BlockChanges => Set<BlockChange>();
    public DbSet<CurrencyRate> CurrencyRates => Set<CurrencyRate>();

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // Money is exact on both engines: whole micro-units (1e-6) in a 64-bit integer, which
        // both SQLite and PostgreSQL compare and sum exactly. Code only ever sees decimal.
        conventions.Properties<decimal>().HaveConversion<MoneyConverter>();
        conventions.Properties<string>().HaveMaxLength(2048);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Partner>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.CurrencyName).HasMaxLength(50);
            e.Property(p => p.ServerKeyHash).HasMaxLength(64);
            e.Property(p => p.ServerKeyHint).HasMaxLength(16);
            e.Property(p => p.AppToken).HasMaxLength(100);
            e.Property(p => p.PostbackSecret).HasMaxLength(200);
            e.Property(p => p.PreviousServerKeyHash).HasMaxLength(64);
            e.Property(p => p.PreviousAppToken).HasMaxLength(100);
            e.Property(p => p.PreviousPostbackSecret).HasMaxLength(200);
            e.Property(p => p.SuspendReason).HasMaxLength(BlockChange.MaxReasonLength);
            e.HasIndex(p => p.ServerKeyHash).IsUnique();
            e.HasIndex(p => p.AppToken).IsUnique();
            // Rotated credentials in their grace period: looked up only when the current one matches no partner.
            e.HasIndex(p => p.PreviousServerKeyHash);
            e.HasIndex(p => p.PreviousAppToken);
        });

        model.Entity<User>(e =>
        {
            e.Property(u => u.ExternalId).HasMaxLength(User.MaxIdLength);
            e.Property(u => u.ExternalIdKey).HasMaxLength(User.MaxIdLength);
            e.Property(u => u.BlockReason).HasMaxLength(BlockChange.MaxReasonLength);
            e.HasOne<Partner>().WithMany().HasForeignKey(u => u.PartnerId);
            e.HasIndex(u => new { u.PartnerId, u.ExternalIdKey }).IsUnique();
        });

        model.Entity<Advertiser>(e =>
        {
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.IntakeProfile).HasMaxLength(20);
            e.Property(a => a.Currency).HasMaxLength(3);
            e.Property(a => a.MmpAuth).HasMaxLength(20);
            e.Property(a => a.TokenHash).HasMaxLength(64);
            e.Property(a => a.PreviousTokenHash).HasMaxLength(64);
        });

        model.Entity<CurrencyRate>(e =>
        {
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).HasMaxLength(3);
            // A rate needs more than money's 6 decimals (1 IDR is about 0.00006 USD): exact decimal text on both engines.
            e.Property(r => r.UsdPerUnit).HasConversion<DecimalTextConverter>().HasMaxLength(40);
        });

        model.Entity<Offer>(e =>
        {
            e.Property(o => o.PublicId).HasMaxLength(Offer.MaxPublicIdLength);
            e.Property(o => o.Name).HasMaxLength(200);
            e.Property(o => o.Description).HasMaxLength(4000);
            e.Property(o => o.Requirements).HasMaxLength(4000);
            e.Property(o => o.ThingsToKnow).HasMaxLength(4000);
            e.Property(o => o.Disclaimer).HasMaxLength(4000);
            e.HasOne<Advertiser>().WithMany().HasForeignKey(o => o.AdvertiserId);
            e.HasIndex(o => o.PublicId).IsUnique();
            e.HasMany(o => o.Goals).WithOne().HasForeignKey(g => g.OfferId);
            e.Property(o => o.ExcludedCountries).HasMaxLength(2048);
            e.Property(o => o.MinOsVersion).HasMaxLength(20);
            e.Property(o => o.MaxOsVersion).HasMaxLength(20);
            e.Property(o => o.CapTimeZone).HasMaxLength(64);
            e.ComplexProperty(o => o.Caps, c => ConfigureCaps(c));
        });

        model.Entity<Goal>(e =>
        {
            e.Property(g => g.PublicId).HasMaxLength(100);
            e.Property(g => g.Name).HasMaxLength(200);
            e.Property(g => g.TimePlayedUnit).HasMaxLength(20);
            e.Ignore(g => g.Payable);
            e.HasIndex(g => g.PublicId).IsUnique();
            e.HasIndex(g => g.Uuid).IsUnique();
            e.HasIndex(g => new { g.OfferId, g.Position });
            e.ComplexProperty(g => g.Caps, c => ConfigureCaps(c));
        });

        model.Entity<CapCounter>(e =>
        {
            e.HasKey(c => new { c.OfferId, c.GoalId, c.Day });
            e.Property(c => c.Day).HasMaxLength(10);
        });

        model.Entity<Promotion>(e =>
        {
            e.HasOne<Offer>().WithMany().HasForeignKey(p => p.OfferId);
            e.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId);
            e.HasIndex(p => new { p.StartsAt, p.EndsAt });
        });

        model.Entity<Click>(e =>
        {
            e.Property(c => c.TxId).HasMaxLength(64);
            e.Property(c => c.Ip).HasMaxLength(64);
            e.Property(c => c.UserAgent).HasMaxLength(512);
            e.Property(c => c.Country).HasMaxLength(2);
            e.Property(c => c.Platform).HasMaxLength(10);
            e.Property(c => c.DeviceId).HasMaxLength(Click.MaxDeviceIdLength);
            e.Property(c => c.Idfa).HasMaxLength(36);
            e.Property(c => c.Gaid).HasMaxLength(36);
            e.Property(c => c.DeviceKey).HasMaxLength(Click.MaxDeviceIdLength);
            e.Property(c => c.Anonymizer).HasMaxLength(64);
            e.Property(c => c.RiskFindings).HasMaxLength(1000);
            e.Property(c => c.SubId).HasMaxLength(Click.MaxSubIdLength);
            e.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerId);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId);
            e.HasOne<Offer>().WithMany().HasForeignKey(c => c.OfferId);
            e.HasIndex(c => c.TxId).IsUnique();
            e.HasIndex(c => new { c.UserId, c.OfferId }).IsUnique();
            // The fraud rules' counts (Fraud/RiskCheck.cs): clicks of an address in the last hour, users of a device.
            e.HasIndex(c => new { c.Ip, c.CreatedAt });
            e.HasIndex(c => new { c.PartnerId, c.DeviceKey, c.UserId }).HasFilter("device_key <> ''");
            // The reports' rollup of an hour (Reports/ReportRollups.cs).
            e.HasIndex(c => c.CreatedAt);
        });

        model.Entity<Conversion>(e =>
        {
            e.Property(c => c.AdvertiserEventId).HasMaxLength(200);
            e.Property(c => c.SurveyId).HasMaxLength(100);
            e.Property(c => c.Country).HasMaxLength(2);
            e.Property(c => c.Platform).HasMaxLength(10);
            e.Property(c => c.CapDay).HasMaxLength(10);
            e.Property(c => c.Ip).HasMaxLength(64);
            e.Property(c => c.DeviceKey).HasMaxLength(Click.MaxDeviceIdLength);
            e.Property(c => c.ReviewRules).HasMaxLength(500);
            e.HasOne<Click>().WithMany().HasForeignKey(c => c.ClickId);
            e.HasOne<Goal>().WithMany().HasForeignKey(c => c.GoalId);
            // Idempotency: the same event of the same goal on the same click is one conversion.
            e.HasIndex(c => new { c.ClickId, c.GoalId, c.AdvertiserEventId }).IsUnique();
            e.HasIndex(c => new { c.Status, c.HoldUntil });
            e.HasIndex(c => new { c.UserId, c.OfferId });
            // The fraud rules' counts (Fraud/RiskCheck.cs) and the review queue, which holds few of all conversions.
            e.HasIndex(c => new { c.Ip, c.CreatedAt });
            e.HasIndex(c => new { c.DeviceKey, c.CreatedAt }).HasFilter("device_key <> ''");
            e.HasIndex(c => new { c.Review, c.Id }).HasFilter("review <> 0");
            // The reports' rollup of an hour: the conversions cancelled in it.
            e.HasIndex(c => new { c.Status, c.DecidedAt });
        });

        model.Entity<FraudRuleSetting>(e =>
        {
            e.ToTable("fraud_rule_settings");
            e.Property(r => r.Rule).HasMaxLength(50);
            e.Property(r => r.Outcome).HasMaxLength(10);
            e.HasOne<Partner>().WithMany().HasForeignKey(r => r.PartnerId);
            e.HasOne<Offer>().WithMany().HasForeignKey(r => r.OfferId);
            e.HasIndex(r => new { r.Rule, r.PartnerId, r.OfferId }).IsUnique();
        });

        // The operator's blocks and suspensions (Partners/Blocking.cs), listed per partner, newest first.
        model.Entity<BlockChange>(e =>
        {
            e.Property(b => b.Action).HasMaxLength(10);
            e.Property(b => b.Actor).HasMaxLength(100);
            e.Property(b => b.Reason).HasMaxLength(BlockChange.MaxReasonLength);
            e.Property(b => b.UserExternalId).HasMaxLength(User.MaxIdLength);
            e.HasOne<Partner>().WithMany().HasForeignKey(b => b.PartnerId);
            e.HasOne<User>().WithMany().HasForeignKey(b => b.UserId);
            e.HasIndex(b => new { b.PartnerId, b.Id });
            e.HasIndex(b => b.UserId);
        });

        model.Entity<ConversionChange>(e =>
        {
            e.Property(c => c.Actor).HasMaxLength(100);
            e.Property(c => c.Reason).HasMaxLength(1000);
            e.HasOne<Conversion>().WithMany().HasForeignKey(c => c.ConversionId);
            e.HasIndex(c => c.ConversionId);
        });

        model.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger");
            e.Property(l => l.UserExternalId).HasMaxLength(User.MaxIdLength);
            e.Property(l => l.OfferPublicId).HasMaxLength(Offer.MaxPublicIdLength);
            e.Property(l => l.OfferName).HasMaxLength(200);
            e.Property(l => l.GoalPublicId).HasMaxLength(100);
            e.Property(l => l.Note).HasMaxLength(200);
            e.Property(l => l.SurveyId).HasMaxLength(100);
            e.Property(l => l.Country).HasMaxLength(2);
            e.Property(l => l.Platform).HasMaxLength(10);
            e.HasOne<Conversion>().WithMany().HasForeignKey(l => l.TransactionId);
            // A conversion is paid at most once and reversed at most once.
            e.HasIndex(l => new { l.TransactionId, l.Reverse }).IsUnique();
            // The Data API's reads: one partner's rows in time order, optionally one user's.
            e.HasIndex(l => new { l.PartnerId, l.OccurredAt, l.TransactionId, l.Reverse });
            e.HasIndex(l => new { l.UserId, l.OccurredAt, l.TransactionId, l.Reverse });
            // The reports' rollup of an hour, every partner's rows at once.
            e.HasIndex(l => l.OccurredAt);
        });

        // The reports' rollups of closed hours (Reports/ReportRollups.cs) and which hours they hold.
        model.Entity<ReportHour>(e =>
        {
            e.HasKey(r => new { r.Hour, r.PartnerId, r.AdvertiserId, r.OfferId, r.GoalId, r.Country, r.Platform });
            e.Property(r => r.Country).HasMaxLength(2);
            e.Property(r => r.Platform).HasMaxLength(10);
            e.HasIndex(r => new { r.PartnerId, r.Hour });
        });
        model.Entity<ReportCoverage>(e =>
        {
            e.ToTable("report_coverage");
            e.HasKey(c => c.Hour);
            e.Property(c => c.Hour).ValueGeneratedNever();
        });

        // Stored counts of closed hours of the ledger (PartnerApi/LedgerCounts.cs).
        model.Entity<LedgerHourCount>(e => e.HasKey(c => new { c.PartnerId, c.Hour, c.Kind, c.Reverse }));
        model.Entity<LedgerCountCoverage>(e =>
        {
            e.ToTable("ledger_count_coverage");
            e.HasKey(c => c.PartnerId);
        });

        model.Entity<PostbackDelivery>(e =>
        {
            e.Property(d => d.Event).HasMaxLength(20);
            e.Property(d => d.TraceParent).HasMaxLength(PostbackDelivery.TraceParentLength);
            // The worker records an attempt only while its claim holds: UPDATE … WHERE lease_token = <its token>.
            e.Property(d => d.LeaseToken).IsConcurrencyToken();
            e.HasOne<Partner>().WithMany().HasForeignKey(d => d.PartnerId);
            e.HasOne<Conversion>().WithMany().HasForeignKey(d => d.ConversionId);
            e.HasOne(d => d.Ledger).WithMany().HasForeignKey(d => d.LedgerEntryId);
            // The worker's claim: due pending deliveries in time order.
            e.HasIndex(d => new { d.Status, d.NextAttemptAt });
            e.HasIndex(d => new { d.PartnerId, d.CreatedAt });
            // Fair claims (DeliveryQueue.ClaimAsync): each partner's due deliveries in time order, and its
            // deliveries in flight (a lease is set only while a worker holds the delivery: few rows).
            e.HasIndex(d => new { d.PartnerId, d.NextAttemptAt, d.Id }).HasDatabaseName("ix_postback_deliveries_pending_by_partner").HasFilter("status = 0");
            e.HasIndex(d => d.PartnerId).HasDatabaseName("ix_postback_deliveries_leased_by_partner").HasFilter("lease_until IS NOT NULL");
        });

        model.Entity<PostbackAttempt>(e =>
        {
            e.Property(a => a.Response).HasMaxLength(1100);
            e.HasOne<PostbackDelivery>().WithMany().HasForeignKey(a => a.DeliveryId);
            e.HasIndex(a => a.DeliveryId);
        });
    }

    // Caps live in their owner's row, as cap_daily_conversions, cap_total_budget, ….
    private static void ConfigureCaps(ComplexPropertyBuilder<Caps> caps)
    {
        caps.Property(c => c.DailyConversions).HasColumnName("cap_daily_conversions");
        caps.Property(c => c.TotalConversions).HasColumnName("cap_total_conversions");
        caps.Property(c => c.DailyBudget).HasColumnName("cap_daily_budget");
        caps.Property(c => c.TotalBudget).HasColumnName("cap_total_budget");
    }
}
