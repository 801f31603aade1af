namespace Offerwall.Web;

/// <summary>
/// How one API writes the errors its handlers answer: Laravel's bodies under /data/partner, the client
/// API's envelope, the admin API's problem details. Set once on the API's route group
/// (<see cref="ApiErrors.WithErrorShape{TBuilder}"/>); a handler answers <see cref="ApiErrors.Invalid(Dictionary{string, string[]})"/>
/// or <see cref="ApiErrors.NotFound"/> and the shape of the group it runs in writes the answer, so a
/// handler that two APIs share (the postback log) answers each in its own words.
/// </summary>
public abstract class ErrorShape
{
    /// <summary>A request whose parameters or body broke the rules: the messages by field, in the order of the parameters.</summary>
    public abstract IResult Invalid(Dictionary<string, string[]> errors);

    /// <summary>No such thing (for this caller); <paramref name="detail"/> says what, where the shape has room for it.</summary>
    public abstract IResult NotFound(string detail);
}
