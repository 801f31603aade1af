using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Data;

/// <summary>The schema, its migrations and the demo data, on each engine.</summary>
public abstract class StorageTests(AppFixture app)
{
    [Fact]
    public async Task MigrationsMatchTheModel() =>
        Assert.False(await app.WithDb(db => Task.FromResult(db.Database.HasPendingModelChanges())),
            "The model has changes that no migration holds: add one with dotnet ef migrations add for this engine.");

    [Fact]
    public async Task EveryMigrationIsApplied() =>
        Assert.Empty(await app.WithDb(async db => (await db.Database.GetPendingMigrationsAsync()).ToList()));

    [Fact]
    public async Task MoneyIsStoredExactlyAndSumsExactly()
    {
        var p = await TestPartner.CreateAsync(app);
        var at = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 10; i++)
            await p.ConvertAsync(at.AddSeconds(i), reward: 0.1m, payout: 0.000001m + i);
        var (rewards, payouts) = await app.WithDb(async db =>
        {
            var rows = db.Ledger.Where(l => l.PartnerId == p.Partner.Id);
            return (await rows.SumAsync(l => l.Reward), await rows.SumAsync(l => l.Payout));
        });
        Assert.Equal(1.0m, rewards);       // ten times 0.1 in binary floating point would not be 1
        Assert.Equal(45.00001m, payouts);
    }

    [Fact]
    public async Task UserIdsAreUniquePerPartnerWhateverTheirCase()
    {
        var p = await TestPartner.CreateAsync(app);
        await p.ConvertAsync(new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc), "Mixed-Case");
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithDb(async db =>
        {
            db.Users.Add(new User { PartnerId = p.Partner.Id, ExternalId = "MIXED-CASE", ExternalIdKey = User.KeyOf("MIXED-CASE"), CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task LedgerHoldsAConversionOnceAndItsReversalOnce()
    {
        var p = await TestPartner.CreateAsync(app);
        var at = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
        var t = await p.ConvertAsync(at);
        await p.ReverseAsync(t, at.AddHours(1));
        await Assert.ThrowsAnyAsync<Exception>(() => p.ReverseAsync(t, at.AddHours(2)));
        Assert.Equal(2, await app.WithDb(db => db.Ledger.CountAsync(l => l.TransactionId == t)));
    }
}
