using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Producers;

internal sealed class HealthPollingOptionsValidator : IValidateOptions<HealthPollingOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthPollingOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
