namespace CloudStatus.Core.Wire;

/// <summary>A message that is not a valid StatusBatch v1; <see cref="Exception.Message"/> is the reason to dead-letter it with.</summary>
public sealed class BatchFormatException : Exception
{
    public BatchFormatException()
    {
    }

    public BatchFormatException(string message)
        : base(message)
    {
    }

    public BatchFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
