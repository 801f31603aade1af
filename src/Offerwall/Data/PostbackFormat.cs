namespace Offerwall.Data;

/// <summary>
/// How postbacks reach the partner: a GET of its URL template signed our way (<c>signature</c>), a JSON POST signed the Standard Webhooks
/// way, or a GET signed BitLabs' way (<c>hash</c>: HMAC-SHA1 of the whole URL), for partners whose code checks BitLabs' callbacks.
/// </summary>
public enum PostbackFormat { Get = 0, StandardWebhooks = 1, BitLabs = 2 }
