using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>A fixture that can start one second server node on its database, kept for all its tests and stopped with it.</summary>
public interface ITwoNodes
{
    Task<AppFixture.SecondNode> SecondAsync();
}
