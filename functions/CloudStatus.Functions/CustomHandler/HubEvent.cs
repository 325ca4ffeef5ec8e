using CloudStatus.Functions.Ingest;

namespace CloudStatus.Functions.CustomHandler;

/// <summary>
/// One event of an <c>IngestStatus</c> invocation: the message to apply, or (when the event itself cannot be one: no
/// sending device, a body that is not bytes) the reason it goes straight to the dead letters with its raw bytes.
/// </summary>
internal sealed record HubEvent(int Index, InboundMessage Message, string? Problem);
