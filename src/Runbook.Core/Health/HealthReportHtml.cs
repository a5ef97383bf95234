using System.Globalization;
using System.Net;
using System.Text;

namespace Runbook.Health;

/// <summary>A self-contained HTML page of one target's report, for a person opening the blob in a browser.</summary>
public static class HealthReportHtml
{
    private const string Style = """
        <style>
        body{font-family:system-ui,sans-serif;margin:2rem;color:#222} table{border-collapse:collapse;margin:.5rem 0 1.5rem}
        td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top} th{background:#f4f4f4}
        .Normal{color:#1b7f3b} .Warning{color:#b26a00} .Critical{color:#b00020;font-weight:bold}
        </style></head>
        """;

    /// <summary>Renders <paramref name="report"/>; every value is HTML-encoded.</summary>
    public static string Render(TargetHealthReport report, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        Append(html, $"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Health check: {E(report.Target)}</title>""");
        html.Append(Style);
        Append(html, $"""<body><h1>Health check: {E(report.Target)} <span class="{report.Severity}">{report.Severity}</span></h1>""");
        var latency = report.LatencyMilliseconds is { } ms ? string.Create(CultureInfo.InvariantCulture, $" in {ms:0.0} ms") : string.Empty;
        var version = report.ServerVersion is null ? string.Empty : " &middot; server " + E(report.ServerVersion);
        Append(html, $"<p>{E(report.Provider.ToString())} &middot; checked {E(checkedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture))} &middot; {(report.Reachable ? "reachable" : "unreachable")}{latency}{version}</p>");
        html.Append("<h2>Findings</h2><table><tr><th>Severity</th><th>Check</th><th>What was seen</th></tr>");
        foreach (var finding in report.Findings)
        {
            Append(html, $"""<tr><td class="{finding.Severity}">{finding.Severity}</td><td>{E(finding.Check)}</td><td>{E(finding.Message)}</td></tr>""");
        }

        html.Append("</table>");
        if (report.Server is { } server)
        {
            Append(html, $"<h2>Database</h2><p>Size {Bytes(server.DatabaseSizeBytes)}; {server.ConnectionsInUse} of {server.MaxConnections} connections in use; {server.SessionsWaitingOnLocks} waiting on locks.</p>");
            html.Append("<h3>Largest tables</h3><table><tr><th>Table</th><th>Size</th><th>Rows (estimate)</th></tr>");
            foreach (var table in server.LargestTables)
            {
                Append(html, $"<tr><td>{E(table.Name)}</td><td>{Bytes(table.TotalBytes)}</td><td>{table.EstimatedRows:N0}</td></tr>");
            }

            html.Append("</table>");
            AppendStatements(html, server);
        }

        AppendServerChecks(html, report);
        if (report.ErrorLog is { } log)
        {
            Append(html, $"<h2>Error log</h2><p>{log.ErrorCount} error(s), {log.WarningCount} warning(s) in {E(log.Table)} over {log.Window.TotalHours:0.#} h.</p>");
            html.Append("<table><tr><th>Level</th><th>Message</th><th>Count</th></tr>");
            foreach (var message in log.TopMessages)
            {
                Append(html, $"<tr><td>{E(message.Level)}</td><td>{E(message.Message)}</td><td>{message.Count}</td></tr>");
            }

            html.Append("</table>");
        }

        foreach (var queue in report.Queues)
        {
            Append(html, $"<h2>Queue {E(queue.Queue)}</h2><p>{queue.StuckCount} item(s) stuck longer than {queue.StuckThreshold}.</p>");
            html.Append("<table><tr><th>Status</th><th>Items</th><th>Oldest</th></tr>");
            foreach (var status in queue.Statuses)
            {
                Append(html, $"<tr><td>{E(status.Status)}</td><td>{status.Count}</td><td>{(status.OldestAge is { } age ? E(age.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture)) : "-")}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendStatements(StringBuilder html, ServerStatistics server)
    {
        if (server.LongRunningQueries.Count > 0)
        {
            html.Append("<h3>Long-running statements</h3><table><tr><th>Session</th><th>Running for</th><th>Statement</th></tr>");
            foreach (var query in server.LongRunningQueries)
            {
                Append(html, $"<tr><td>{E(query.SessionId)}</td><td>{query.Duration}</td><td><code>{E(query.Query)}</code></td></tr>");
            }

            html.Append("</table>");
        }

        if (!server.SlowStatements.Available)
        {
            Append(html, $"<p>Slow statements unavailable: {E(server.SlowStatements.Reason ?? string.Empty)}.</p>");
            return;
        }

        html.Append("<h3>Slowest statements (mean)</h3><table><tr><th>Statement</th><th>Calls</th><th>Mean ms</th></tr>");
        foreach (var statement in server.SlowStatements.Statements)
        {
            Append(html, $"<tr><td><code>{E(statement.Query)}</code></td><td>{statement.Calls}</td><td>{statement.MeanMilliseconds:0.00}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendServerChecks(StringBuilder html, TargetHealthReport report)
    {
        if (report.ServerChecks.Count == 0)
        {
            return;
        }

        html.Append("<h2>Server checks</h2><table><tr><th>Check</th><th>Severity</th><th>Subject</th><th>What was seen</th></tr>");
        foreach (var check in report.ServerChecks)
        {
            if (check.Items.Count == 0)
            {
                Append(html, $"""<tr><td>{E(check.Check)}</td><td class="{check.Severity}">{check.Severity}</td><td>-</td><td>{E(check.Message)}</td></tr>""");
            }

            foreach (var item in check.Items)
            {
                Append(html, $"""<tr><td>{E(check.Check)}</td><td class="{item.Severity}">{item.Severity}</td><td>{E(item.Subject)}</td><td>{E(item.Detail)}</td></tr>""");
            }
        }

        html.Append("</table>");
    }

    /// <summary>Bytes as a short human figure (KiB, MiB, GiB).</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static void Append(StringBuilder html, FormattableString text) => html.Append(text.ToString(CultureInfo.InvariantCulture));
}
