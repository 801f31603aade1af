using Npgsql;
using Offerwall.Data;

namespace Offerwall.Tests.Data;

/// <summary>
/// What the server adds to the operator's PostgreSQL connection string (docs/deployment.md): No Reset On Close and automatic
/// preparation, each only when the string does not set it, so an operator behind an old PgBouncer can turn preparation off.
/// </summary>
public sealed class ConnectionTuningTests
{
    [Fact]
    public void AStringThatSetsNeitherGetsBoth()
    {
        var tuned = new NpgsqlConnectionStringBuilder(Database.Tuned("Host=db.internal;Database=offerwall;Username=offerwall;Password=s3cret"));
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(Database.AutoPrepared, tuned.MaxAutoPrepare);
        Assert.True(tuned.MaxAutoPrepare > 0);
        Assert.Equal("db.internal", tuned.Host);
        Assert.Equal("s3cret", tuned.Password);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false", 0, false)]
    [InlineData("Host=db;Max Auto Prepare=64", 64, true)]
    [InlineData("Host=db;No Reset On Close=false", Database.AutoPrepared, false)]
    public void TheOperatorsOwnSettingsWin(string given, int prepared, bool noReset)
    {
        var tuned = new NpgsqlConnectionStringBuilder(Database.Tuned(given));
        Assert.Equal(prepared, tuned.MaxAutoPrepare);
        Assert.Equal(noReset, tuned.NoResetOnClose);
    }
}
