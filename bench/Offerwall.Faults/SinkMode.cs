namespace Offerwall.Faults;

/// <summary>
/// How the partner's server behaves: up, answering 503, closing connections, not listening at all,
/// slow (it credits the postback, then answers 200 only after <see cref="PartnerSink.SlowAnswer"/>, too late
/// for the sender's timeout), or hanging (it never answers: it holds the request until the sender gives up).
/// </summary>
public enum SinkMode { Up, Refuse503, Close, Down, Slow, Hang }
