using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runbook.Reports;

/// <summary>The one JSON shape of reports, shared by blob storage, the CLI's <c>--json</c> and the HTTP API.</summary>
public static class ReportJson
{
    /// <summary>camelCase, enums as text, indented.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
