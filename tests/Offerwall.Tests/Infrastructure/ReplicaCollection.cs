namespace Offerwall.Tests.Infrastructure;

/// <summary>
/// The test classes on the streaming replica (<see cref="ReplicaFixture"/>). They pause and resume its replay, which is one for every
/// database on it, so they run one after the other: one class resuming replay must not end another's pause.
/// </summary>
[CollectionDefinition(nameof(ReplicaCollection))]
public sealed class ReplicaCollection;
