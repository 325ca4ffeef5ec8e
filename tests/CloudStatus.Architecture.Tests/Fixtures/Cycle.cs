// Two namespaces that depend on each other: the cycle rule must reject them (NamespaceCycleTests).
namespace CloudStatus.Architecture.Tests.Fixtures.Upstream
{
    internal sealed class Caller
    {
        public Downstream.Callee? Next { get; set; }
    }
}

namespace CloudStatus.Architecture.Tests.Fixtures.Downstream
{
    internal sealed class Callee
    {
        public Upstream.Caller? Back { get; set; }
    }
}
