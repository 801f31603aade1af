namespace Offerwall.Web;

/// <summary>Laravel's error body: a message, and for validation errors the messages by field.</summary>
public sealed record LaravelMessage(string Message);
