using System.Data.Common;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Runbook;
using Runbook.Bench.Outbox;
using Runbook.Outbox;

// bench/outbox.sh's driver, one command per process:
//   seed    pg|mysql CONNECTION TABLE PREFIX COUNT          empties the outbox and inserts COUNT messages in one statement
//   process CONFIG TARGET LIMIT WARMUP READY GO             one processor: ProcessAsync(TARGET, LIMIT) until a batch claims nothing
//   raw     PORT CONNECTIONS PREFIX COUNT WARMUP READY GO   the same COUNT messages built in memory, sent by MailKit over CONNECTIONS
//   verify  pg|mysql CONNECTION TABLE STATS_URL             the rows against the Message-IDs the sink counted
// process and raw first send WARMUP messages (process: from TARGET-warm's outbox) so that their code is compiled, as in a
// host that has run before, then write READY and start only when the file GO appears: start-up is outside the time.
return args switch
{
    ["seed", var engine, var connection, var table, var prefix, var count] => await Commands.SeedAsync(engine, connection, table, prefix, Number(count)),
    ["process", var config, var target, var limit, var warmup, var ready, var go] => await Commands.ProcessAsync(config, target, Number(limit), Number(warmup), ready, go),
    ["raw", var port, var connections, var prefix, var count, var warmup, var ready, var go] =>
        await Commands.RawAsync(Number(port), Number(connections), prefix, Number(count), Number(warmup), ready, go),
    ["verify", var engine, var connection, var table, var stats] => await Commands.VerifyAsync(engine, connection, table, stats),
    _ => Usage(),
};

static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static int Usage()
{
    Console.Error.WriteLine("usage: outbox-bench seed|process|raw|verify ... (see bench/outbox/Program.cs)");
    return 64;
}

namespace Runbook.Bench.Outbox
{
    internal static class Commands
    {
        public static async Task<int> SeedAsync(string engine, string connectionString, string table, string prefix, int count)
        {
            await using var connection = Open(engine, connectionString);
            await connection.OpenAsync();

            // The same content as Messages.Row, built by the server: only the number changes from row to row.
            var insert = engine == "pg"
                ? $"""
                   INSERT INTO {table} (message_id, to_addresses, from_address, subject, text_body, html_body)
                   SELECT @prefix || g, 'user' || g || '@example.test', @from, 'Order ' || g || ' confirmed', @text, @html FROM generate_series(1, {count}) g
                   """
                : $"""
                   INSERT INTO {table} (message_id, to_addresses, from_address, subject, text_body, html_body)
                   SELECT CONCAT(@prefix, seq), CONCAT('user', seq, '@example.test'), @from, CONCAT('Order ', seq, ' confirmed'), @text, @html FROM seq_1_to_{count}
                   """;
            await ExecuteAsync(connection, $"TRUNCATE TABLE {table}");
            await ExecuteAsync(connection, insert, ("prefix", prefix), ("from", Messages.From), ("text", Messages.Text), ("html", Messages.Html));
            await ExecuteAsync(connection, engine == "pg" ? $"VACUUM ANALYZE {table}" : $"ANALYZE TABLE {table}");
            return 0;
        }

        public static async Task<int> ProcessAsync(string config, string target, int limit, int warmup, string ready, string go)
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(config)).Build();
            await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddRunbookCore(configuration).BuildServiceProvider();
            var processor = services.GetRequiredService<OutboxProcessor>();
            for (var warm = 0; warm < warmup;)
            {
                var result = (await processor.ProcessAsync(target + "-warm", Math.Min(limit, warmup - warm), includeFailed: false)).Single();
                if (result.Error is not null || result.Claimed == 0)
                {
                    await Console.Error.WriteLineAsync($"warm-up stopped after {warm} message(s): {result.Error ?? "the queue is empty"}");
                    return 3;
                }

                warm += result.Claimed;
            }

            var cpu = await StartAsync(ready, go);

            int batches = 0, claimed = 0, sent = 0, retrying = 0, failed = 0, released = 0, superseded = 0;
            while (true)
            {
                var result = (await processor.ProcessAsync(target, limit, includeFailed: false)).Single();
                batches++;
                claimed += result.Claimed;
                sent += result.Sent;
                retrying += result.Retrying;
                failed += result.Failed;
                released += result.Released;
                superseded += result.Superseded;
                if (result.Error is not null)
                {
                    await Console.Error.WriteLineAsync($"processor stopped: {result.Error}");
                    return 3;
                }

                if (result.Claimed == 0)
                {
                    break;
                }
            }

            Console.WriteLine($"{batches} batches, {claimed} claimed, {sent} sent, {retrying} to retry, {failed} failed, {released} released, {superseded} superseded; cpu {Cpu(cpu)} ms");
            return 0;
        }

        public static async Task<int> RawAsync(int port, int connections, string prefix, int count, int warmup, string ready, string go)
        {
            await SendAsync(port, connections, Build("warm-" + prefix, warmup));

            // The same MimeMessages Runbook sends for the seeded rows, built before the clock starts.
            var messages = Build(prefix, count);
            var cpu = await StartAsync(ready, go);
            await SendAsync(port, connections, messages);
            Console.WriteLine($"cpu {Cpu(cpu)} ms");
            return 0;
        }

        public static async Task<int> VerifyAsync(string engine, string connectionString, string table, string stats)
        {
            var rows = new Dictionary<string, string>();
            await using (var connection = Open(engine, connectionString))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT message_id, status FROM {table}";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rows[reader.GetString(0) + "@example.test"] = reader.GetString(1);
                }
            }

            using var http = new HttpClient();
            var received = new Dictionary<string, int>();
            foreach (var line in (await http.GetStringAsync(new Uri(stats + "/ids"))).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var space = line.LastIndexOf(' ');
                received[line[..space]] = int.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }

            var duplicates = received.Values.Sum(n => n - 1);
            var losses = rows.Keys.Count(id => !received.ContainsKey(id));
            var strays = received.Keys.Count(id => !rows.ContainsKey(id));
            var unprocessed = rows.Values.Count(s => s != "processed");
            Console.WriteLine($"{rows.Count} {received.Values.Sum()} {duplicates} {losses} {strays} {unprocessed}");
            return 0;
        }

        private static MimeKit.MimeMessage[] Build(string prefix, int count)
        {
            var smtp = new SmtpOptions();
            return [.. Enumerable.Range(1, count).Select(n => OutboxMimeBuilder.Build(Messages.Row(prefix, n), smtp, DateTimeOffset.UtcNow))];
        }

        private static async Task SendAsync(int port, int connections, MimeKit.MimeMessage[] messages)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
            {
                using var client = new SmtpClient();
                await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
                for (var i = Interlocked.Increment(ref next); i < messages.Length; i = Interlocked.Increment(ref next))
                {
                    await client.SendAsync(messages[i]);
                }

                await client.DisconnectAsync(quit: true);
            }));
        }

        private static DbConnection Open(string engine, string connectionString) =>
            engine == "pg" ? new NpgsqlConnection(connectionString) : new MySqlConnection(connectionString);

        private static async Task ExecuteAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 300;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await command.ExecuteNonQueryAsync();
        }

        // Returns the process's CPU time at the start, so that the work's own CPU time can be told apart from start-up.
        private static async Task<TimeSpan> StartAsync(string ready, string go)
        {
            await File.WriteAllTextAsync(ready, string.Empty);
            while (!File.Exists(go))
            {
                await Task.Delay(1);
            }

            return Environment.CpuUsage.TotalTime;
        }

        private static long Cpu(TimeSpan start) => (long)(Environment.CpuUsage.TotalTime - start).TotalMilliseconds;
    }

    /// <summary>One order confirmation, about 2.5 KB as sent: a text and an HTML part.</summary>
    internal static class Messages
    {
        public const string From = "Shop <shop@example.test>";

        public static readonly string Text = string.Join(
            "\n",
            Enumerable.Range(1, 8).Select(i => $"Line {i}: 1 x Product {i}, size M, colour blue ............ 19.90 EUR"))
            + "\n\nThank you for your order. We will write again when it ships.\n";

        public static readonly string Html = "<html><body><h1>Thank you for your order</h1><table>"
            + string.Concat(Enumerable.Range(1, 8).Select(i => $"<tr><td>1 x Product {i}, size M, colour blue</td><td>19.90 EUR</td></tr>"))
            + "</table><p>We will write again when it ships.</p></body></html>";

        public static OutboxMessage Row(string prefix, int n) =>
            new(n, prefix + n.ToString(CultureInfo.InvariantCulture), $"user{n}@example.test", null, null, From, null, $"Order {n} confirmed", Text, Html, null, 1);
    }
}
