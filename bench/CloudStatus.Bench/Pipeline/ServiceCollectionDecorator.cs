using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Bench.Pipeline;

/// <summary>Wraps a service as registered (by type, factory or instance) in a decorator, keeping its lifetime.</summary>
internal static class ServiceCollectionDecorator
{
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService).Name} is not registered: nothing to decorate.");
        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(typeof(TService), sp => decorate((TService)Create(sp, registered), sp), registered.Lifetime));
        return services;
    }

    private static object Create(IServiceProvider services, ServiceDescriptor registered) =>
        registered.ImplementationInstance
        ?? registered.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!);
}
