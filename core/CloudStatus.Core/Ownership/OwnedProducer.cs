using CloudStatus.Core.Central;

namespace CloudStatus.Core.Ownership;

/// <summary>One producer as central shows it: the owner's row, the owner, and every server that reports it.</summary>
public sealed record OwnedProducer(ProducerState Row, string Owner, IReadOnlyList<string> ReportedBy);
