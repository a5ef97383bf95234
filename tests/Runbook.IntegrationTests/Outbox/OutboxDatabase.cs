using System.Data.Common;
using MySqlConnector;
using Npgsql;
using Runbook.Targets;

namespace Runbook.IntegrationTests.Outbox;

/// <summary>Settings for a target with its outbox enabled, and plain SQL on it as the application would run it.</summary>
public static class OutboxDatabase
{
    /// <summary>The shop target with its outbox enabled, sending through the SMTP server on <paramref name="smtpPort"/>.</summary>
    public static Dictionary<string, string?> Settings(string provider, string connectionString, int smtpPort, string? table = null)
    {
        var settings = ShopFixture.ShopTarget(0, "shop", provider, connectionString);
        settings["Runbook:Targets:0:Outbox:Enabled"] = "true";
        if (table is not null)
        {
            settings["Runbook:Targets:0:Outbox:Table"] = table;
        }

        settings["Runbook:Smtp:Host"] = "127.0.0.1";
        settings["Runbook:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Runbook:Smtp:Security"] = "None";
        settings["Runbook:Smtp:From"] = "\"Shop\" <shop@example.test>";
        return settings;
    }

    /// <summary>
    /// The INSERT an application runs (docs/runbooks/email-outbox.md), with optional columns; returns the new row's id.
    /// </summary>
    public static async Task<long> InsertAsync(string provider, string connectionString, string to, string subject, string? text = "Hello", string? html = null, string? cc = null, string? bcc = null, string? replyTo = null, string? headers = null, string? from = null, string? messageId = null)
    {
        await using var connection = await OpenAsync(provider, connectionString);
        var columns = "to_addresses, cc_addresses, bcc_addresses, reply_to, from_address, subject, text_body, html_body, headers" + (messageId is null ? string.Empty : ", message_id");
        var values = "@to, @cc, @bcc, @reply, @from, @subject, @text, @html, @headers" + (messageId is null ? string.Empty : ", @mid");
        var returning = provider == "PostgreSql" ? " RETURNING id" : "; SELECT LAST_INSERT_ID()";
        await using var command = connection.CreateCommand(
            $"INSERT INTO runbook_outbox ({columns}) VALUES ({values}){returning}",
            TimeSpan.FromSeconds(30),
            ("to", to), ("cc", cc), ("bcc", bcc), ("reply", replyTo), ("from", from), ("subject", subject), ("text", text), ("html", html), ("headers", headers), ("mid", messageId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One outbox row by id: status, attempts, last error, next attempt, message id, claim token.</summary>
    public static async Task<Dictionary<string, object?>> RowAsync(string provider, string connectionString, long id) =>
        Assert.Single(await QueryAsync(provider, connectionString, "SELECT id, status, attempts, last_error, next_attempt_at, message_id, claim_token, processed_at FROM runbook_outbox WHERE id = @id", ("id", id)));

    /// <summary>An open connection of the application's own (not Runbook's session).</summary>
    public static async Task<DbConnection> OpenAsync(string provider, string connectionString)
    {
        DbConnection connection = provider == "PostgreSql" ? new NpgsqlConnection(connectionString) : new MySqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs one statement with parameters; returns the rows changed.</summary>
    public static async Task<int> ExecuteAsync(string provider, string connectionString, string sql, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(provider, connectionString);
        await using var command = connection.CreateCommand(sql, TimeSpan.FromSeconds(30), parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Rows of a query, each as column name to value.</summary>
    public static async Task<List<Dictionary<string, object?>>> QueryAsync(string provider, string connectionString, string sql, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(provider, connectionString);
        return await connection.ListAsync(
            sql,
            TimeSpan.FromSeconds(30),
            r => Enumerable.Range(0, r.FieldCount).ToDictionary(r.GetName, i => r.IsDBNull(i) ? null : r.GetValue(i)),
            CancellationToken.None,
            parameters);
    }
}
