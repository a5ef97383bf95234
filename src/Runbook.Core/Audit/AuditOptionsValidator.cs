using Microsoft.Extensions.Options;
using Runbook.Configuration;

namespace Runbook.Audit;

/// <summary>Checks the audit container's name at start-up.</summary>
public sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BlobNames.IsContainerName(options.Container)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{AuditOptions.SectionName}:Container '{options.Container}' is not a valid container name ({BlobNames.ContainerRule}).");
    }
}
