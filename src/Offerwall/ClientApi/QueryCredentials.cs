namespace Offerwall.ClientApi;

/// <summary>Endpoint metadata: the client API's app token and user id come in the query (<c>token</c>, <c>uid</c>), for links a browser opens.</summary>
public sealed record QueryCredentials;
