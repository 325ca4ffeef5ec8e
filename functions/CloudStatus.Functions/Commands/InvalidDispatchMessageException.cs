namespace CloudStatus.Functions.Commands;

/// <summary>A dispatch queue message that can never be processed (not a dispatch message): it goes to the poison queue.</summary>
internal sealed class InvalidDispatchMessageException : Exception
{
    public InvalidDispatchMessageException()
    {
    }

    public InvalidDispatchMessageException(string message)
        : base(message)
    {
    }

    public InvalidDispatchMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
