namespace Offerwall.Bench;

/// <summary>A setup step the server refused, or a wait that never ended: the phase cannot go on.</summary>
public sealed class BenchSetupException(string message) : Exception(message);
