namespace Offerwall.Partners;

/// <summary>Why a block, unblock, suspension or resumption was not made; <see cref="None"/>: it was.</summary>
public enum BlockError
{
    None,
    NoPartner,
    NoUser,

    /// <summary>The user or partner is already in the state asked for (blocked twice, resumed while not suspended, …): nothing was written.</summary>
    AlreadyDone,
}
