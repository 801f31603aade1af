namespace Offerwall.Web;

/// <summary>
/// The device ids an app or the wall sends at a start, as Besitos' wall and BitLabs' click URLs name them: <c>device_id</c> (the app's
/// own id of the device, 1 to 128 printable characters), <c>idfa</c> (Apple's advertising id) and <c>gaid</c> (Google's), both UUIDs.
/// An all-zero advertising id (the user limited ad tracking) counts as absent. <see cref="Key"/> is the device as the fraud rules count
/// it: the IDFA, else the GAID, else the app's id, in lower case.
/// </summary>
public sealed record DeviceIds(string DeviceId, string Idfa, string Gaid)
{
    public const int MaxDeviceIdLength = 128;

    public static readonly DeviceIds None = new("", "", "");

    public string Key => (Idfa.Length > 0 ? Idfa : Gaid.Length > 0 ? Gaid : DeviceId).ToLowerInvariant();

    /// <summary>Checks the values as sent (absent or blank: none); false with the error for a 400 when one is malformed.</summary>
    public static bool TryParse(string? deviceId, string? idfa, string? gaid, out DeviceIds ids, out string? error)
    {
        ids = None;
        error = null;
        var device = deviceId?.Trim() ?? "";
        if (device.Length > MaxDeviceIdLength || device.Any(char.IsControl))
        {
            error = $"device_id must be at most {MaxDeviceIdLength} printable characters";
            return false;
        }
        if (!TryAdvertisingId(idfa, out var apple)) error = "idfa must be a UUID";
        else if (!TryAdvertisingId(gaid, out var google)) error = "gaid must be a UUID";
        else
        {
            ids = new DeviceIds(device, apple.ToUpperInvariant(), google.ToLowerInvariant());
            return true;
        }
        return false;
    }

    private static bool TryAdvertisingId(string? text, out string id)
    {
        id = "";
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!Guid.TryParseExact(text.Trim(), "D", out var guid)) return false;
        id = guid == Guid.Empty ? "" : guid.ToString("D");
        return true;
    }
}
