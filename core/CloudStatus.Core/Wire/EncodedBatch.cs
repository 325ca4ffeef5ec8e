namespace CloudStatus.Core.Wire;

/// <summary>One message body ready for the wire, with the batch it encodes (after any split).</summary>
public sealed record EncodedBatch(StatusBatch Batch, byte[] Body, string? ContentEncoding)
{
    public string MessageId => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Batch.ServerId}:{Batch.Epoch}:{Batch.Kind}:{Batch.SeqFrom}-{Batch.SeqTo}");
}
