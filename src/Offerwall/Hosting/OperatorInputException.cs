namespace Offerwall.Hosting;

/// <summary>The operator's input was wrong (a missing file, a file that is not JSON, an invalid value): exit 2 with the message, no stack trace.</summary>
internal sealed class OperatorInputException(string message) : Exception(message);
