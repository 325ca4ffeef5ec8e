namespace CloudStatus.Edge.Transport;

/// <summary>The upstream hub is not reachable or did not acknowledge; the caller keeps the data and retries.</summary>
public sealed class TransportUnavailableException : Exception
{
    public TransportUnavailableException()
    {
    }

    public TransportUnavailableException(string message)
        : base(message)
    {
    }

    public TransportUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
