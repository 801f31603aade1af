namespace Offerwall.Web;

/// <summary>
/// Whether URLs an operator sets may point at private networks (<c>Postbacks:AllowPrivateNetworks</c>),
/// for validators that run in the framework's validation, where the postback options' owner is out of reach.
/// </summary>
public sealed record PrivateNetworkPolicy(bool Allowed);
