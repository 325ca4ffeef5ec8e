using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers;

/// <summary>The producers this module polls (section <c>CloudStatus:Edge:HealthPolling</c>).</summary>
internal sealed class HealthPollingOptions
{
    public const string SectionName = "CloudStatus:Edge:HealthPolling";

    public List<HealthPollTarget> Targets { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < Targets.Count; i++)
        {
            var t = Targets[i];
            if (!ProducerId.IsValid(t.ProducerId))
            {
                yield return $"HealthPolling:Targets:{i}:ProducerId '{t.ProducerId}' is not a valid producer id.";
            }

            if (string.IsNullOrWhiteSpace(t.Kind))
            {
                yield return $"HealthPolling:Targets:{i}:Kind is required.";
            }

            if (t.ParentId is not null && !ProducerId.IsValid(t.ParentId))
            {
                yield return $"HealthPolling:Targets:{i}:ParentId '{t.ParentId}' is not a valid producer id.";
            }

            if (t.Url is null || !t.Url.IsAbsoluteUri || (t.Url.Scheme != Uri.UriSchemeHttp && t.Url.Scheme != Uri.UriSchemeHttps))
            {
                yield return $"HealthPolling:Targets:{i}:Url must be an absolute http(s) URL.";
            }

            if (t.Interval <= TimeSpan.Zero || t.Timeout <= TimeSpan.Zero)
            {
                yield return $"HealthPolling:Targets:{i}: Interval and Timeout must be positive.";
            }
        }
    }
}
