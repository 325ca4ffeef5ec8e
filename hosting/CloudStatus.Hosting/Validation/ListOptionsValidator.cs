using Microsoft.Extensions.Options;

namespace CloudStatus.Hosting.Validation;

/// <summary>Fails start-up with every problem an options class reports about itself, each naming its setting.</summary>
internal sealed class ListOptionsValidator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = validate(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
