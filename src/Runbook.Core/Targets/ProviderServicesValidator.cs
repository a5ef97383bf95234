using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Runbook.Targets;

/// <summary>
/// At start-up, checks that every configured target's provider has a dialect and every provider service the
/// registered capabilities need, so that no job finds a missing implementation half-way through a run.
/// </summary>
public sealed class ProviderServicesValidator(IServiceProvider services, IEnumerable<IDatabaseDialect> dialects, IEnumerable<ProviderServiceRequirement> requirements)
    : IValidateOptions<RunbookOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RunbookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var providers = dialects.Select(d => d.Provider).ToHashSet();
        for (var i = 0; i < options.Targets.Count; i++)
        {
            var provider = options.Targets[i].ProviderKind;
            if (provider == DatabaseProvider.Unspecified)
            {
                continue; // RunbookOptionsValidator names it.
            }

            var key = options.KeyOf(options.Targets[i]) + ":Provider";
            if (!providers.Contains(provider))
            {
                failures.Add($"{key} '{provider}' has no database dialect registered.");
            }

            foreach (var requirement in requirements.DistinctBy(r => r.ServiceType))
            {
                if (services.GetKeyedService(requirement.ServiceType, provider) is null)
                {
                    failures.Add($"{key} '{provider}' is not supported by {requirement.Capability}: no {requirement.ServiceType.Name} is registered for it.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
