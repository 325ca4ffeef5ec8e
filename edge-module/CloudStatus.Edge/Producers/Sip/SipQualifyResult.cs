namespace CloudStatus.Edge.Producers.Sip;

/// <summary>The outcome of one OPTIONS: a final status and its round trip, or why there was none.</summary>
internal readonly record struct SipQualifyResult(int? StatusCode, TimeSpan RoundTrip, string? Failure)
{
    public bool Answered => StatusCode is not null;

    public static SipQualifyResult Answer(int statusCode, TimeSpan roundTrip) => new(statusCode, roundTrip, null);

    public static SipQualifyResult Missed(string failure) => new(null, TimeSpan.Zero, failure);
}
