using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Runbook.Configuration;

namespace Runbook.Tasks;

/// <summary>Checks the switch blob's container and name at start-up.</summary>
public sealed partial class TaskOptionsValidator : IValidateOptions<TaskOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Key = TaskOptions.SectionName;
        var failures = new List<string>();
        if (!BlobNames.IsContainerName(options.ControlContainer))
        {
            failures.Add($"{Key}:ControlContainer '{options.ControlContainer}' is not a valid container name ({BlobNames.ContainerRule}).");
        }

        if (!BlobName().IsMatch(options.SwitchesBlob ?? string.Empty))
        {
            failures.Add($"{Key}:SwitchesBlob '{options.SwitchesBlob}' must be a plain file name such as task-switches.json.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex BlobName();
}
