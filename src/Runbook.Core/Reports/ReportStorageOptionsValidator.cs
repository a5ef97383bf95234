using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Runbook.Reports;

/// <summary>Checks the storage settings at start-up.</summary>
public sealed partial class ReportStorageOptionsValidator : IValidateOptions<ReportStorageOptions>
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

        if (!ContainerName().IsMatch(options.ReportsContainer ?? string.Empty))
        {
            failures.Add($"{Key}:ReportsContainer '{options.ReportsContainer}' is not a valid container name (3-63 lowercase letters, digits and single hyphens).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();
}
