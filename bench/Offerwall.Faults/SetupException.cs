namespace Offerwall.Faults;

public sealed class SetupException(string message) : Exception(message);
