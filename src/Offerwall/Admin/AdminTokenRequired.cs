namespace Offerwall.Admin;

/// <summary>Marks the endpoints that need the admin token (see <see cref="AdminAuth.UseAdminToken"/>).</summary>
public sealed class AdminTokenRequired;
