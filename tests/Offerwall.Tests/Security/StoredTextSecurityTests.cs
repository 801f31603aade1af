namespace Offerwall.Tests.Security;

/// <summary>What the validators refuse (and the operator's free text cleans) so that no text fails in the database.</summary>
public sealed class StoredTextSecurityTests
{
    [Fact]
    public void OnlyTextBothEnginesCanHoldIsStorable()
    {
        // Built at run time: a compiler writes attribute strings as UTF-8, which has no lone surrogates.
        var cases = new (string Value, bool Storable)[]
        {
            ("plain", true), ("emoji 🎮 and \u202Ertl", true), ("", true), ("nul\0inside", false),
            ("lone " + (char)0xD800 + " high", false), ("lone " + (char)0xDC00 + " low", false), ("ends high " + (char)0xD83C, false),
            ((char)0xDC00 + "reversed pair" + (char)0xD800, false),
        };
        foreach (var (value, storable) in cases)
        {
            Assert.Equal(storable, Offerwall.Data.StoredText.IsStorable(value));
            var clean = Offerwall.Data.StoredText.Clean(value);
            Assert.True(Offerwall.Data.StoredText.IsStorable(clean));
            Assert.Equal(value.Length, clean.Length);
            if (storable) Assert.Equal(value, clean);
        }
        Assert.Equal("a\uFFFDb🎮", Offerwall.Data.StoredText.Clean("a\0b🎮"));
    }
}
