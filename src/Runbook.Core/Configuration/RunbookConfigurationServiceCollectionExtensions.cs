using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Runbook.Configuration;

/// <summary>How a capability declares its configuration section: bound, validated at start-up, and known to the key check.</summary>
public static class RunbookConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="path"/>, adds <typeparamref name="TValidator"/>, validates
    /// both at start-up, and registers the section so that keys under it that no property reads are refused.
    /// </summary>
    public static OptionsBuilder<TOptions> AddRunbookSection<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string path)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!services.Any(d => d.ServiceType == typeof(RunbookSection) && d.ImplementationInstance is RunbookSection s && s.Path == path))
        {
            services.AddSingleton(new RunbookSection(path, typeof(TOptions)));
        }

        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<ConfigurationShape>)))
        {
            services.AddSingleton<IValidateOptions<ConfigurationShape>>(sp => new ConfigurationShapeValidator(configuration, sp.GetServices<RunbookSection>()));
            services.AddOptions<ConfigurationShape>().ValidateOnStart();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());

        // A value the binder cannot convert ('many' for a number) becomes a validation failure like any other, so that
        // start-up reports it together with the rest instead of stopping at the first section.
        var binding = new BindingValidator<TOptions>();
        services.AddSingleton<IValidateOptions<TOptions>>(binding);
        return services.AddOptions<TOptions>()
            .Configure(options =>
            {
                try
                {
                    configuration.GetSection(path).Bind(options);
                    binding.Failure = null;
                }
                catch (InvalidOperationException e)
                {
                    binding.Failure = e.Message;
                }
            })
            .ValidateOnStart();
    }

    private sealed class BindingValidator<TOptions> : IValidateOptions<TOptions>
        where TOptions : class
    {
        public string? Failure { get; set; }

        public ValidateOptionsResult Validate(string? name, TOptions options) =>
            Failure is null ? ValidateOptionsResult.Skip : ValidateOptionsResult.Fail(Failure);
    }
}
