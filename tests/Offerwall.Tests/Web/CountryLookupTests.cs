using System.Diagnostics;
using System.Net;
using System.Numerics;
using MaxMind.Db;
using MaxMind.GeoIP2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Offerwall.Tests.Infrastructure;
using Offerwall.Web;

namespace Offerwall.Tests.Web;

/// <summary>
/// The country database: lookups in both record shapes, reloads, a missing or broken file (no server), and the files
/// <see cref="MmdbWriter"/> writes, read back by MaxMind's own readers (MaxMind.Db's and GeoIP2's typed one).
/// </summary>
public sealed class CountryLookupTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"offerwall-geo-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero));
    private readonly LogRecorder _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly List<IDisposable> _lookups = [];

    public CountryLookupTests()
    {
        Directory.CreateDirectory(_folder);
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(_logs));
    }

    public void Dispose()
    {
        foreach (var lookup in _lookups) lookup.Dispose();
        _loggers.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private CountryLookup Lookup(string? path, TimeProvider? clock = null, TimeSpan? interval = null)
    {
        var options = Options.Create(new GeoOptions { CountryDatabase = path, ReloadCheckInterval = interval ?? Interval });
        var lookup = new CountryLookup(options, _loggers.CreateLogger<CountryLookup>(), clock ?? _clock);
        _lookups.Add(lookup);
        return lookup;
    }

    private static string? Country(CountryLookup lookup, string address) => lookup.CountryOf(IPAddress.Parse(address));

    /// <summary>GeoIP2-shaped records (as in MaxMind's test databases), a few ip-location-db-shaped ones, and nested networks.</summary>
    private static MmdbWriter Fixture(string databaseType = "Offerwall-Test-Country") => new MmdbWriter(databaseType)
        .Add(IPNetwork.Parse("81.2.69.0/24"), MmdbWriter.CountryRecord("GB", "GB"))
        .Add(IPNetwork.Parse("2a02:c7f::/32"), MmdbWriter.CountryRecord("GB", "GB"))
        .Add(IPNetwork.Parse("89.160.20.112/28"), MmdbWriter.CountryRecord("SE", "DE"))
        .Add(IPNetwork.Parse("2001:218::/32"), MmdbWriter.CountryRecord("JP", "US"))
        .Add(IPNetwork.Parse("67.43.156.0/24"), MmdbWriter.CountryRecord(null, "BT"))
        .Add(IPNetwork.Parse("2.125.160.216/29"), MmdbWriter.CountryRecord("gb", "gb"))
        .Add(IPNetwork.Parse("5.0.0.0/8"), new Dictionary<string, object> { ["country_code"] = "US" })
        .Add(IPNetwork.Parse("2c0f:f000::/32"), new Dictionary<string, object> { ["country_code"] = "za" })
        .Add(IPNetwork.Parse("5.5.0.0/16"), new Dictionary<string, object> { ["country_code"] = "US", ["country"] = new Dictionary<string, object> { ["iso_code"] = "CA" } })
        .Add(IPNetwork.Parse("5.6.7.0/24"), new Dictionary<string, object> { ["city"] = "nowhere" });

    private string Write(MmdbWriter writer, string name = "country.mmdb")
    {
        var path = PathOf(name);
        writer.Write(path);
        return path;
    }

    private static MmdbWriter Single(string network, string country) =>
        new MmdbWriter("Offerwall-Test-Country").Add(IPNetwork.Parse(network), MmdbWriter.CountryRecord(country));

    /// <summary>Two checks of the reload timer: the change is seen, then found unchanged, then read.</summary>
    private void TwoChecks()
    {
        _clock.Advance(Interval);
        _clock.Advance(Interval);
    }

    [Fact]
    public void Ipv4AndIpv6AddressesAreFound()
    {
        var lookup = Lookup(Write(Fixture()));
        Assert.True(lookup.Enabled);
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));
        Assert.Equal("GB", Country(lookup, "81.2.69.0"));
        Assert.Equal("GB", Country(lookup, "81.2.69.255"));
        Assert.Equal("GB", Country(lookup, "2a02:c7f:1234::1"));
        Assert.Equal("GB", Country(lookup, "2a02:c7f:ffff:ffff:ffff:ffff:ffff:ffff"));
    }

    [Fact]
    public void CountryWinsOverRegisteredCountry()
    {
        var lookup = Lookup(Write(Fixture()));
        Assert.Equal("SE", Country(lookup, "89.160.20.120"));
        Assert.Equal("JP", Country(lookup, "2001:218:1::1"));
    }

    [Fact]
    public void RegisteredCountryAnswersWhenThereIsNoCountry() => Assert.Equal("BT", Country(Lookup(Write(Fixture())), "67.43.156.1"));

    [Fact]
    public void CountryCodeRecordsOfIpLocationDbAreRead()
    {
        var lookup = Lookup(Write(Fixture()));
        Assert.Equal("US", Country(lookup, "5.1.2.3"));
        Assert.Equal("ZA", Country(lookup, "2c0f:f000::1"));
        Assert.Equal("CA", Country(lookup, "5.5.1.1"));  // country.iso_code first when a record has both
        Assert.Null(Country(lookup, "5.6.7.8"));         // a record without any code (more specific than 5.0.0.0/8)
    }

    [Fact]
    public void CodesAreUpperCase() => Assert.Equal("GB", Country(Lookup(Write(Fixture())), "2.125.160.217"));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("81.2.70.1")]
    public void AnAddressNotInTheDatabaseHasNoCountry(string address) => Assert.Null(Country(Lookup(Write(Fixture())), address));

    [Fact]
    public void NoAddressHasNoCountry() => Assert.Null(Lookup(Write(Fixture())).CountryOf(null));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ipv4MappedIpv6AddressesAreLookedUpAsIpv4(bool aliased)
    {
        var lookup = Lookup(Write(new MmdbWriter("Offerwall-Test-Country") { AliasIPv4Mapped = aliased }
            .Add(IPNetwork.Parse("81.2.69.0/24"), MmdbWriter.CountryRecord("GB"))));
        Assert.Equal("GB", Country(lookup, "::ffff:81.2.69.160"));
        Assert.Equal(Country(lookup, "81.2.69.160"), Country(lookup, "::ffff:81.2.69.160"));
        Assert.Null(Country(lookup, "::ffff:8.8.8.8"));
    }

    [Fact]
    public void AnIpv4DatabaseAnswersIpv4AndNothingForIpv6()
    {
        var lookup = Lookup(Write(new MmdbWriter("Offerwall-Test-Country") { IPVersion = 4 }
            .Add(IPNetwork.Parse("81.2.69.0/24"), MmdbWriter.CountryRecord("GB"))
            .Add(IPNetwork.Parse("128.0.0.0/1"), MmdbWriter.CountryRecord("US"))));
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));
        Assert.Equal("GB", Country(lookup, "::ffff:81.2.69.160"));
        Assert.Equal("US", Country(lookup, "200.1.1.1"));
        Assert.Null(Country(lookup, "8.8.8.8"));
        Assert.Null(Country(lookup, "a000::1"));  // its first bits would lead to US
        Assert.Throws<ArgumentException>(() => new MmdbWriter("x") { IPVersion = 4 }.Add(IPNetwork.Parse("2001:db8::/32"), MmdbWriter.CountryRecord("US")));
    }

    [Fact]
    public void AMoreSpecificNetworkWinsInWhateverOrderItWasAdded()
    {
        var lookup = Lookup(Write(new MmdbWriter("Offerwall-Test-Country")
            .Add(IPNetwork.Parse("2.125.1.0/24"), MmdbWriter.CountryRecord("IT"))
            .Add(IPNetwork.Parse("2.0.0.0/8"), MmdbWriter.CountryRecord("FR"))
            .Add(IPNetwork.Parse("2.125.0.0/16"), MmdbWriter.CountryRecord("GB"))
            .Add(IPNetwork.Parse("2.125.1.128/32"), MmdbWriter.CountryRecord("NL"))
            .Add(IPNetwork.Parse("2.3.0.0/16"), MmdbWriter.CountryRecord("DE"))
            .Add(IPNetwork.Parse("2.3.0.0/16"), MmdbWriter.CountryRecord("AT"))
            .Add(IPNetwork.Parse("::ffff:9.9.9.0/120"), MmdbWriter.CountryRecord("CH"))
            .Add(IPNetwork.Parse("::/0"), MmdbWriter.CountryRecord("AQ"))));
        Assert.Equal("FR", Country(lookup, "2.1.1.1"));
        Assert.Equal("FR", Country(lookup, "2.255.255.255"));
        Assert.Equal("GB", Country(lookup, "2.125.9.9"));
        Assert.Equal("IT", Country(lookup, "2.125.1.1"));
        Assert.Equal("IT", Country(lookup, "2.125.1.129"));
        Assert.Equal("NL", Country(lookup, "2.125.1.128"));
        Assert.Equal("AT", Country(lookup, "2.3.4.5"));       // the same network twice: the later record
        Assert.Equal("CH", Country(lookup, "9.9.9.9"));       // an IPv4-mapped network is the IPv4 network
        Assert.Equal("AQ", Country(lookup, "2a00::1"));        // ::/0 covers what nothing else does
        Assert.Equal("AQ", Country(lookup, "1.1.1.1"));        // IPv4 too: it lives at ::/96
        Assert.Equal("CH", Country(lookup, "::ffff:9.9.9.9"));
    }

    [Theory]
    [InlineData(24)]
    [InlineData(28)]
    [InlineData(32)]
    public void EachRecordSizeIsReadBack(int recordSize)
    {
        var writer = new MmdbWriter("Offerwall-Test-Country") { RecordSize = recordSize };
        // Enough networks and data that 28-bit records use their top bits: values above 2^24 need a data section over 16 MB.
        for (var i = 0; i < 256; i++) writer.Add(IPNetwork.Parse($"10.{i}.0.0/16"), MmdbWriter.CountryRecord($"{(char)('A' + i % 26)}{(char)('A' + i / 26)}"));
        writer.Add(IPNetwork.Parse("2a02:c7f::/32"), MmdbWriter.CountryRecord("GB"));
        if (recordSize > 24)
        {
            var padding = new object[] { new byte[9_000_000], new byte[9_000_000] };
            writer.Add(IPNetwork.Parse("11.0.0.0/8"), new Dictionary<string, object> { ["country_code"] = "NZ", ["padding"] = padding });
        }
        writer.Add(IPNetwork.Parse("12.0.0.0/8"), MmdbWriter.CountryRecord("MX"));
        var lookup = Lookup(Write(writer));
        for (var i = 0; i < 256; i++) Assert.Equal($"{(char)('A' + i % 26)}{(char)('A' + i / 26)}", Country(lookup, $"10.{i}.1.2"));
        Assert.Equal("GB", Country(lookup, "2a02:c7f::1"));
        Assert.Equal("MX", Country(lookup, "12.1.1.1"));
        if (recordSize > 24) Assert.Equal("NZ", Country(lookup, "11.1.1.1"));
    }

    [Fact]
    public void ARecordSizeThatDoesNotFitIsRefused()
    {
        var writer = new MmdbWriter("Offerwall-Test-Country") { RecordSize = 24 }
            .Add(IPNetwork.Parse("11.0.0.0/8"), new Dictionary<string, object> { ["padding"] = new object[] { new byte[9_000_000], new byte[9_000_000] } })
            .Add(IPNetwork.Parse("12.0.0.0/8"), MmdbWriter.CountryRecord("MX"));
        Assert.Throws<InvalidOperationException>(() => writer.Write(Stream.Null));
    }

    [Fact]
    public void MaxMindsGeoIp2ReaderReadsTheWritersFiles()
    {
        var built = new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);
        var unitedKingdom = new Dictionary<string, object>
        {
            ["geoname_id"] = 2635167u,
            ["is_in_european_union"] = false,
            ["iso_code"] = "GB",
            ["names"] = new Dictionary<string, object> { ["en"] = "United Kingdom", ["de"] = "Vereinigtes Königreich", ["ja"] = "イギリス" },
        };
        var record = new Dictionary<string, object>
        {
            ["continent"] = new Dictionary<string, object> { ["code"] = "EU", ["geoname_id"] = 6255148u, ["names"] = new Dictionary<string, object> { ["en"] = "Europe" } },
            ["country"] = unitedKingdom,
            ["registered_country"] = new Dictionary<string, object> { ["geoname_id"] = 2921044u, ["is_in_european_union"] = true, ["iso_code"] = "DE" },
        };
        var path = Write(new MmdbWriter("Offerwall-Test-Country")
        {
            BuildTime = built,
            Languages = ["de", "en", "ja"],
            Description = new Dictionary<string, string> { ["en"] = "Offerwall test countries", ["de"] = "Offerwall-Testländer" },
        }
            .Add(IPNetwork.Parse("81.2.69.0/24"), record)
            .Add(IPNetwork.Parse("2a02:c7f::/32"), record)
            .Add(IPNetwork.Parse("67.43.156.0/24"), MmdbWriter.CountryRecord(null, "BT")));

        using var reader = new DatabaseReader(path, FileAccessMode.Memory);
        Assert.Equal("Offerwall-Test-Country", reader.Metadata.DatabaseType);
        Assert.Equal(6, reader.Metadata.IPVersion);
        Assert.Equal(built.UtcDateTime, reader.Metadata.BuildDate);
        Assert.Equal(new[] { "de", "en", "ja" }, reader.Metadata.Languages);
        Assert.Equal("Offerwall-Testländer", reader.Metadata.Description["de"]);
        Assert.Equal(2, reader.Metadata.BinaryFormatMajorVersion);
        Assert.Equal(0, reader.Metadata.BinaryFormatMinorVersion);

        Assert.Equal(24, reader.Country("81.2.69.160").Traits.Network?.PrefixLength);
        Assert.Equal(32, reader.Country("2a02:c7f:1::1").Traits.Network?.PrefixLength);
        foreach (var address in new[] { "81.2.69.160", "::ffff:81.2.69.160", "2a02:c7f:1::1" })
        {
            var answer = reader.Country(address);
            Assert.Equal("GB", answer.Country.IsoCode);
            Assert.Equal(2635167L, answer.Country.GeoNameId);
            Assert.False(answer.Country.IsInEuropeanUnion);
            Assert.Equal("United Kingdom", answer.Country.Names["en"]);
            Assert.Equal("Vereinigtes Königreich", answer.Country.Names["de"]);
            Assert.Equal("イギリス", answer.Country.Names["ja"]);
            Assert.Equal("EU", answer.Continent.Code);
            Assert.Equal(6255148L, answer.Continent.GeoNameId);
            Assert.Equal("DE", answer.RegisteredCountry.IsoCode);
            Assert.True(answer.RegisteredCountry.IsInEuropeanUnion);
        }
        Assert.Null(reader.Country("67.43.156.7").Country.IsoCode);
        Assert.Equal("BT", reader.Country("67.43.156.7").RegisteredCountry.IsoCode);
        Assert.False(reader.TryCountry("8.8.8.8", out _));
        Assert.False(reader.TryCountry("2001:db8::1", out _));
    }

    [Fact]
    public void EveryDataTypeIsReadBackByMaxMindsReader()
    {
        string Text(int length) => new string('é', length / 2) + new string('x', length % 2);  // é is two bytes of UTF-8
        var lengths = new[] { 0, 1, 28, 29, 30, 284, 285, 286, 65820, 65821, 65822, 70_000 };
        var record = new Dictionary<string, object>
        {
            ["bool_true"] = true,
            ["bool_false"] = false,
            ["bytes"] = new byte[] { 0, 1, 2, 255 },
            ["double"] = 42.125,
            ["float"] = 1.5f,
            ["int32_negative"] = -268435456,
            ["int32_minus_one"] = -1,
            ["int32_positive"] = 500,
            ["int32_zero"] = 0,
            ["uint16"] = (ushort)65535,
            ["uint16_zero"] = (ushort)0,
            ["uint32"] = 4294967295u,
            ["uint32_small"] = 7u,
            ["uint64"] = ulong.MaxValue,
            ["uint128"] = UInt128.MaxValue,
            ["array"] = new object[] { "a", 1u, new Dictionary<string, object> { ["k"] = "v" }, new List<string> { "x", "y" } },
            ["empty_map"] = new Dictionary<string, object>(),
            ["empty_array"] = Array.Empty<object>(),
            ["texts"] = lengths.Select(Text).ToArray(),
            ["many"] = Enumerable.Range(0, 300).Select(i => (object)(uint)i).ToArray(),
        };
        var path = Write(new MmdbWriter("Offerwall-Test-Types").Add(IPNetwork.Parse("1.2.3.0/24"), record));

        using var reader = new Reader(path, FileAccessMode.Memory);
        var read = reader.Find<Dictionary<string, object>>(IPAddress.Parse("1.2.3.4"))!;
        Assert.Equal(record.Keys.Order(), read.Keys.Order());
        Assert.True((bool)read["bool_true"]);
        Assert.False((bool)read["bool_false"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, (byte[])read["bytes"]);
        Assert.Equal(42.125, read["double"]);
        Assert.Equal(1.5f, read["float"]);
        Assert.Equal(-268435456, Convert.ToInt64(read["int32_negative"]));
        Assert.Equal(-1, Convert.ToInt64(read["int32_minus_one"]));
        Assert.Equal(500, Convert.ToInt64(read["int32_positive"]));
        Assert.Equal(0, Convert.ToInt64(read["int32_zero"]));
        Assert.Equal(65535, Convert.ToInt64(read["uint16"]));
        Assert.Equal(0, Convert.ToInt64(read["uint16_zero"]));
        Assert.Equal(4294967295, Convert.ToInt64(read["uint32"]));
        Assert.Equal(7, Convert.ToInt64(read["uint32_small"]));
        Assert.Equal(ulong.MaxValue, Convert.ToUInt64(read["uint64"]));
        Assert.Equal((BigInteger)UInt128.MaxValue, (BigInteger)read["uint128"]);
        var array = Assert.IsAssignableFrom<IList<object>>(read["array"]);
        Assert.Equal("a", array[0]);
        Assert.Equal(1, Convert.ToInt64(array[1]));
        Assert.Equal("v", Assert.IsAssignableFrom<IDictionary<string, object>>(array[2])["k"]);
        Assert.Equal(new[] { "x", "y" }, Assert.IsAssignableFrom<IList<object>>(array[3]).Cast<string>());
        Assert.Empty(Assert.IsAssignableFrom<IDictionary<string, object>>(read["empty_map"]));
        Assert.Empty(Assert.IsAssignableFrom<IList<object>>(read["empty_array"]));
        Assert.Equal(lengths.Select(Text), Assert.IsAssignableFrom<IList<object>>(read["texts"]).Cast<string>());
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), Assert.IsAssignableFrom<IList<object>>(read["many"]).Select(Convert.ToInt64));
    }

    [Fact]
    public void EqualRecordsAreStoredOnce()
    {
        long Size(Func<int, object> record)
        {
            var writer = new MmdbWriter("Offerwall-Test-Country") { BuildTime = DateTimeOffset.UnixEpoch };
            for (var i = 0; i < 100; i++) writer.Add(IPNetwork.Parse($"10.{i}.0.0/16"), record(i));
            var output = new MemoryStream();
            writer.Write(output);
            return output.Length;
        }
        // The same map in either key order is the same bytes, stored once.
        var same = Size(i => i % 2 == 0 ? MmdbWriter.CountryRecord("GB", "DE")
            : new Dictionary<string, object> { ["registered_country"] = new Dictionary<string, object> { ["iso_code"] = "DE" },
                ["country"] = new Dictionary<string, object> { ["iso_code"] = "GB" } });
        var distinct = Size(i => MmdbWriter.CountryRecord($"{(char)('A' + i % 26)}{(char)('A' + i / 26)}", "DE"));
        // The same tree; 99 more records: map, "country", map, "iso_code", code, "registered_country", map, "iso_code", code.
        const int recordBytes = 1 + 8 + 1 + 9 + 3 + 19 + 1 + 9 + 3;
        Assert.Equal(99 * recordBytes, distinct - same);
    }

    [Fact]
    public void AReplacedFileIsReadAtTheSecondCheckAfterItChanged()
    {
        var path = Write(Single("81.2.69.0/24", "GB"));
        var lookup = Lookup(path);
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));

        Write(Single("81.2.69.0/24", "US"));
        _clock.Advance(Interval);
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));  // changed since the last check: maybe still being written
        _clock.Advance(Interval);
        Assert.Equal("US", Country(lookup, "81.2.69.160"));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Information") && l.Contains("loaded"));
    }

    [Fact]
    public async Task AReplacedFileIsReadWithinAFewSecondsOnTheRealClock()
    {
        var path = Write(Single("81.2.69.0/24", "GB"));
        var lookup = Lookup(path, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));

        // Written elsewhere, then moved over the file: a reader never sees half of it.
        var written = PathOf("next.mmdb");
        Single("81.2.69.0/24", "FR").Write(written);
        File.Move(written, path, overwrite: true);
        var clock = Stopwatch.StartNew();
        while (Country(lookup, "81.2.69.160") != "FR")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the new file was not read within 10 s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public void AFileRewrittenInPlaceIsReadToo()
    {
        var path = Write(Single("81.2.69.0/24", "GB"));
        var lookup = Lookup(path);
        using (var file = new FileStream(path, FileMode.Truncate, FileAccess.Write)) Single("81.2.69.0/24", "NO").Write(file);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        TwoChecks();
        Assert.Equal("NO", Country(lookup, "81.2.69.160"));
    }

    [Fact]
    public void AnUnreadableNewFileKeepsTheOldDatabase()
    {
        var path = Write(Single("81.2.69.0/24", "GB"));
        var lookup = Lookup(path);
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
        TwoChecks();
        Assert.True(lookup.Enabled);
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));
        Assert.Single(_logs.Lines, l => l.StartsWith("Warning") && l.Contains("could not be read: keeping the one loaded before"));

        TwoChecks();  // the same broken file is not tried again for a while, nor logged again when it is
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("still could not be read"));
        _clock.Advance(CountryLookup.RetryUnreadableEvery);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Debug") && l.Contains("still could not be read"));
        Assert.Single(_logs.Lines, l => l.StartsWith("Warning") && l.Contains("could not be read"));
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));

        Write(Single("81.2.69.0/24", "IE"));
        TwoChecks();
        Assert.Equal("IE", Country(lookup, "81.2.69.160"));
    }

    [Fact]
    public void ADeletedFileKeepsTheOldDatabaseUntilANewOneAppears()
    {
        var path = Write(Single("81.2.69.0/24", "GB"));
        var lookup = Lookup(path);
        File.Delete(path);
        TwoChecks();
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));
        Assert.Single(_logs.Lines, l => l.StartsWith("Warning") && l.Contains("has gone"));
        Write(Single("81.2.69.0/24", "PT"));
        TwoChecks();
        Assert.Equal("PT", Country(lookup, "81.2.69.160"));
    }

    [Fact]
    public void AMissingFileAtStartLeavesGeoOffUntilItAppears()
    {
        var path = PathOf("later.mmdb");
        var lookup = Lookup(path);
        Assert.False(lookup.Enabled);
        Assert.Null(Country(lookup, "81.2.69.160"));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Error") && l.Contains("does not exist"));
        TwoChecks();
        Assert.False(lookup.Enabled);

        Write(Single("81.2.69.0/24", "GB"), "later.mmdb");
        TwoChecks();
        Assert.True(lookup.Enabled);
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));
    }

    [Fact]
    public void AnUnreadableFileAtStartLeavesGeoOffUntilItIsReplaced()
    {
        var path = PathOf("broken.mmdb");
        File.WriteAllText(path, "not a database");
        var lookup = Lookup(path);
        Assert.False(lookup.Enabled);
        Assert.Null(Country(lookup, "81.2.69.160"));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Error") && l.Contains("could not be read"));

        Write(Single("81.2.69.0/24", "GB"), "broken.mmdb");
        TwoChecks();
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void NoDatabaseConfiguredIsGeoOff(string? path)
    {
        var lookup = Lookup(path);
        Assert.False(lookup.Enabled);
        Assert.Null(Country(lookup, "81.2.69.160"));
        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Error") || l.StartsWith("Warning"));
    }

    [Fact]
    public void ADisposedLookupAnswersNothing()
    {
        var lookup = Lookup(Write(Fixture()));
        lookup.Dispose();
        Assert.False(lookup.Enabled);
        Assert.Null(Country(lookup, "81.2.69.160"));
        _clock.Advance(Interval);
    }

    [Fact]
    public async Task LookupsDuringReloadsAnswerTheOldOrTheNewCountry()
    {
        var path = Write(Single("81.2.69.0/24", "GB"));
        var lookup = Lookup(path);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var answers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var seen = new HashSet<string?>();
            var address = IPAddress.Parse("81.2.69.160");
            while (!stop.IsCancellationRequested) seen.Add(lookup.CountryOf(address));
            return seen;
        })).ToArray();
        var countries = new[] { "US", "GB" };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            Write(Single("81.2.69.0/24", countries[i % 2]));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(i + 1));
            TwoChecks();
        }
        var all = (await Task.WhenAll(answers)).SelectMany(s => s).ToHashSet();
        Assert.Subset(new HashSet<string?>(countries), all);
        // Each reload retired a reader while lookups ran: one closed under a lookup would have crashed the test host.
        Assert.True(_logs.Lines.Count(l => l.Contains("loaded")) > 2);
    }

    [Fact]
    public async Task TheServicesReadSectionGeoAndOpenTheDatabaseAtStart()
    {
        var path = Write(Fixture());
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Geo:CountryDatabase"] = path }).Build();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(_logs)).AddCountryLookup(config);
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
        Assert.Contains(_logs.Lines, l => l.Contains("loaded"));
        var lookup = provider.GetRequiredService<CountryLookup>();
        Assert.True(lookup.Enabled);
        Assert.Equal("GB", Country(lookup, "81.2.69.160"));
    }
}
