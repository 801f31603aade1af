namespace Offerwall.Data;

/// <summary>How postbacks reach the partner: a signed GET of its URL template, or a JSON POST signed the Standard Webhooks way.</summary>
public enum PostbackFormat { Get = 0, StandardWebhooks = 1 }
