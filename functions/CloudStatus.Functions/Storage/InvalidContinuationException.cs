namespace CloudStatus.Functions.Storage;

/// <summary>A continuation token that this store did not issue (the API answers 400).</summary>
internal sealed class InvalidContinuationException : Exception
{
    public InvalidContinuationException()
        : base("The continuation token is not valid.")
    {
    }

    public InvalidContinuationException(string message)
        : base(message)
    {
    }

    public InvalidContinuationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
