namespace Offerwall.Tests.Admin;

/// <summary>
/// Run alone, after the parallel tests: every command builds a whole app, a burst of CPU that on a
/// small machine delays other fixtures' sinks past their 1 s postback timeout, and a worker test whose
/// fake clock never moves then waits forever for a retry.
/// </summary>
[CollectionDefinition(nameof(PostbackCliCollection), DisableParallelization = true)]
public sealed class PostbackCliCollection;
