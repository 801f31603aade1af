using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>Failed admin authentications per client address (see <see cref="AdminAuth.UseAdminToken"/>).</summary>
public sealed class FailedAdminLogins(KeyedLimiter<UInt128> limiter) : IDisposable
{
    public KeyedLimiter<UInt128> Limiter => limiter;

    public void Dispose() => limiter.Dispose();
}
