using System.Globalization;
using Runbook.Reports;

namespace Runbook.Health;

/// <summary>Stores each target's report as JSON and HTML under <c>daily/yyyy/MM/dd/&lt;target&gt;</c>.</summary>
public class HealthReportWriter
{
    private readonly ReportStore _store;

    /// <summary>For mocking.</summary>
    protected HealthReportWriter() => _store = null!;

    /// <summary>Creates a writer over <paramref name="store"/>.</summary>
    public HealthReportWriter(ReportStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>True when reports can be stored.</summary>
    public virtual bool IsConfigured => _store.IsConfigured;

    /// <summary>Where a blob of this writer lives, as <c>container/name</c>.</summary>
    public virtual string Location(string blobName) => $"{_store.ContainerName}/{blobName}";

    /// <summary>The blob name (without extension) for a target's report of a given day.</summary>
    public static string BlobPrefix(string target, DateTimeOffset day) =>
        string.Create(CultureInfo.InvariantCulture, $"daily/{day.UtcDateTime:yyyy'/'MM'/'dd}/{target}");

    /// <summary>Writes one JSON and one HTML blob per target; returns their locations.</summary>
    public virtual async Task<IReadOnlyList<string>> WriteAsync(HealthCheckReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var locations = new List<string>();
        foreach (var target in report.Targets)
        {
            var prefix = BlobPrefix(target.Target, report.StartedAt);
            var json = BinaryData.FromObjectAsJson(target, ReportJson.Options);
            locations.Add(await _store.WriteAsync(prefix + ".json", json, "application/json", cancellationToken));
            var html = BinaryData.FromString(HealthReportHtml.Render(target, report.StartedAt));
            locations.Add(await _store.WriteAsync(prefix + ".html", html, "text/html; charset=utf-8", cancellationToken));
        }

        return locations;
    }

    /// <summary>Reads back a target's JSON report of a given day, or null when there is none.</summary>
    public virtual async Task<TargetHealthReport?> ReadAsync(string target, DateTimeOffset day, CancellationToken cancellationToken = default)
    {
        var data = await ReadStoredAsync(target, day, "json", cancellationToken);
        return data?.ToObjectFromJson<TargetHealthReport>(ReportJson.Options);
    }

    /// <summary>Reads a stored report as written (<paramref name="extension"/> <c>json</c> or <c>html</c>), or null when there is none.</summary>
    public virtual Task<BinaryData?> ReadStoredAsync(string target, DateTimeOffset day, string extension, CancellationToken cancellationToken = default) =>
        _store.ReadAsync($"{BlobPrefix(target, day)}.{extension}", cancellationToken);
}
