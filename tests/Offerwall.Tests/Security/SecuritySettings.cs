using Microsoft.AspNetCore.Http;

namespace Offerwall.Tests.Security;

/// <summary>A server whose postbacks may go to the test's sink on 127.0.0.1, and whose every log line is recorded.</summary>
/// <summary>
/// The postback test settings, and no lockout after failed admin authentications: these tests send
/// many wrong credentials on purpose from one address (AdminLockoutTests covers the lockout).
/// </summary>
public static class SecuritySettings
{
    public static IEnumerable<KeyValuePair<string, string?>> Values => Offerwall.Tests.Postbacks.PostbackSettings.Values.Append(new("Admin:FailureLimit", "1000000"));
}
