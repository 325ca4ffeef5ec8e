using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Hosting;

/// <summary>Fails start-up with every problem of the <c>CloudStatus:Edge</c> section spelled out.</summary>
internal sealed class EdgeNodeOptionsValidator : IValidateOptions<EdgeNodeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeNodeOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
