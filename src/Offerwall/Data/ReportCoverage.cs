namespace Offerwall.Data;

/// <summary>A closed UTC hour (hours since 1970-01-01) whose <see cref="ReportHour"/> rows are stored, empty or not.</summary>
public sealed class ReportCoverage
{
    public long Hour { get; set; }
}
