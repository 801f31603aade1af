namespace Offerwall.Demo;

/// <summary>Section "Demo": fill an empty database with demo data on start. Env: Demo__Enabled, Demo__Rows.</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; } = true;
    public int Rows { get; set; } = DemoData.DefaultRows;
}
