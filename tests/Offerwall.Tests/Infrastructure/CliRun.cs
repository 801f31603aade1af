using System.Globalization;
using System.Text.RegularExpressions;

namespace Offerwall.Tests.Infrastructure;

/// <summary>What a command returned and printed, with readers for its labelled lines and table rows.</summary>
public sealed record CliRun(int Exit, string Output)
{
    /// <summary>A value the command printed on a labelled line of its own ("  Server key (Data API):  ow_sk_…").</summary>
    public string Value(string label)
    {
        var match = Regex.Match(Output, $@"^\s*{Regex.Escape(label)}:\s+(.+?)\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"No '{label}' line in:\n{Output}");
        return match.Groups[1].Value;
    }

    public long Id(string label) => long.Parse(Value(label), CultureInfo.InvariantCulture);

    /// <summary>The table row whose first cell is <paramref name="first"/>.</summary>
    public string Row(object first) =>
        Assert.Single(Output.Split('\n'), line => Regex.IsMatch(line, $@"^\W*{Regex.Escape(Convert.ToString(first, CultureInfo.InvariantCulture)!)}\s+\W"));

    public int Rows(string pattern) => Output.Split('\n').Count(line => Regex.IsMatch(line, pattern));
}
