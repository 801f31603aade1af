namespace Offerwall.Data;

/// <summary>An archive file that cannot be restored, or a month that cannot be; the message says why, for the operator.</summary>
public sealed class ArchiveException(string message) : Exception(message);
