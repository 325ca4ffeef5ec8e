using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// The SIP qualify adapter for a host that composes edge nodes itself (the dev stack runs several in one process):
/// a service that qualifies <see cref="SipQualifyOptions.Targets"/> into one node's intake over its own socket. The
/// module registers the same service from configuration (<c>CloudStatus:Edge:SipQualify</c>).
/// </summary>
public static class SipQualifyAdapter
{
    /// <exception cref="OptionsValidationException">The options are not valid; every reason is named.</exception>
    public static BackgroundService Create(
        SipQualifyOptions options, IObservationIntake intake, TimeProvider timeProvider, ILoggerFactory loggerFactory, LoopHeartbeats heartbeats)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(SipQualifyOptions.SectionName, typeof(SipQualifyOptions), errors);
        }

        var qualifier = new SipQualifier(timeProvider, loggerFactory.CreateLogger<SipQualifier>());
        return new SipQualifyService(
            qualifier, intake, Options.Create(options), timeProvider, loggerFactory.CreateLogger<SipQualifyService>(), heartbeats, ownsQualifier: true);
    }
}
