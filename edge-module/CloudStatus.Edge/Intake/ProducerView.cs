using CloudStatus.Core.Model;
using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// A buffered producer as the writer sees it: <see cref="Health"/> is the chatter-filtered health (the reported one
/// while it flaps is held at the last stable value).
/// </summary>
internal readonly record struct ProducerView(
    string ProducerId,
    string Kind,
    string? ParentId,
    Health Health,
    bool Flapping,
    Utf8Text State,
    string? Config,
    PendingReasons Reasons,
    bool Observed,
    string? Mac = null,
    string? Ip = null);
