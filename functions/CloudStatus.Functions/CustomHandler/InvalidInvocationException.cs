namespace CloudStatus.Functions.CustomHandler;

/// <summary>The host's invocation body is not the documented shape: the invocation is refused (400), nothing is applied.</summary>
internal sealed class InvalidInvocationException : Exception
{
    public InvalidInvocationException()
    {
    }

    public InvalidInvocationException(string message)
        : base(message)
    {
    }

    public InvalidInvocationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
