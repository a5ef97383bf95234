using Microsoft.Extensions.Options;
using Runbook.Configuration;

namespace Runbook.Reports;

/// <summary>Checks the storage settings at start-up.</summary>
public sealed class ReportStorageOptionsValidator : IValidateOptions<ReportStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ReportStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Key = ReportStorageOptions.SectionName;
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && options.BlobServiceUri is not null)
        {
            failures.Add($"{Key}:ConnectionString and {Key}:BlobServiceUri are both set; set one.");
        }

        if (options.BlobServiceUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme is not ("https" or "http")))
        {
            failures.Add($"{Key}:BlobServiceUri '{uri}' must be an absolute https:// address.");
        }

        if (!BlobNames.IsContainerName(options.ReportsContainer))
        {
            failures.Add($"{Key}:ReportsContainer '{options.ReportsContainer}' is not a valid container name ({BlobNames.ContainerRule}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
