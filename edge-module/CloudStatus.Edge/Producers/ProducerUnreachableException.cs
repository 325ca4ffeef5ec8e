namespace CloudStatus.Edge.Producers;

/// <summary>A control action could not reach the producer (timeout, refused connection, server error); the message says why.</summary>
public sealed class ProducerUnreachableException : Exception
{
    public ProducerUnreachableException()
    {
    }

    public ProducerUnreachableException(string message)
        : base(message)
    {
    }

    public ProducerUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
