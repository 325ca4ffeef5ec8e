using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Hosting.Validation;

/// <summary>Options bound from one configuration section and validated at start by the class's own <c>Validate()</c>.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and fails start-up with every message
    /// <paramref name="validate"/> returns (each naming its setting). Returns the builder for further configuration.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(
        this IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new ListOptionsValidator<T>(validate)));
        return builder;
    }
}
