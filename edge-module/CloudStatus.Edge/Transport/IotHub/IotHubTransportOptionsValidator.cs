using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Transport.IotHub;

[OptionsValidator]
internal sealed partial class IotHubTransportOptionsValidator : IValidateOptions<IotHubTransportOptions>
{
    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure (for callers without DI).</summary>
    public static void ThrowIfInvalid(IotHubTransportOptions options)
    {
        var result = new IotHubTransportOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(IotHubTransportOptions), result.Failures);
        }
    }
}
