using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runbook.Logging;
using Runbook.Operations;
using Runbook.Reports;
using Runbook.Targets;

namespace Runbook.Audit;

/// <summary>
/// The audit trail (seed 002 "Safety Guidelines": a record of who did what): one append blob per UTC day
/// (<c>audit/yyyy/MM/dd.jsonl</c>), one JSON line per record, each naming the SHA-256 of the line before it (across days
/// too). A line is appended only at the position it was computed for, so concurrent writers never break the chain.
/// Members are virtual for fault tests.
/// </summary>
public class AuditTrail
{
    private const int Attempts = 20;
    private const int TailBytes = 64 * 1024;
    private const int MaxDays = 92;
    private static readonly JsonSerializerOptions LineOptions = new(ReportJson.Options) { WriteIndented = false };
    private readonly RunbookBlobService _blobs = null!;
    private readonly AuditOptions _options = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;
    private volatile bool _containerExists;

    /// <summary>For mocking.</summary>
    protected AuditTrail()
    {
    }

    /// <summary>Creates the trail over the data storage account.</summary>
    public AuditTrail(RunbookBlobService blobs, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditTrail> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        _options = options.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The blob of a day's records.</summary>
    public static string BlobName(DateTimeOffset day) => day.UtcDateTime.ToString("yyyy'/'MM'/'dd'.jsonl'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs a mutating operation and records it: succeeded (or unchanged when it changed nothing), refused (a bad request,
    /// an unknown name, a conflict) or failed. A change that cannot be recorded is reported as an error, not hidden.
    /// </summary>
    public virtual async Task<T> RecordAsync<T>(
        OperatorContext who,
        string operation,
        string? target,
        IReadOnlyDictionary<string, string?> parameters,
        Func<Task<T>> run,
        Func<T, (long Rows, string Detail)> describe,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(describe);
        var started = _time.GetTimestamp();
        AuditRecord Record(string outcome, string detail, long rows) => new()
        {
            Time = _time.GetUtcNow(), Actor = who.Actor, Principal = who.Principal, Channel = who.Channel, Operation = operation, Target = target,
            Parameters = parameters, Outcome = outcome, Detail = detail, RowsChanged = rows,
            DurationMilliseconds = (long)_time.GetElapsedTime(started).TotalMilliseconds, RequestId = who.RequestId,
        };

        T result;
        try
        {
            result = await run();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var outcome = e is InvalidRequestException or NotFoundException or ConflictException ? "refused" : "failed";
            await TryAppendAsync(Record(outcome, DatabaseText.FirstLine(e.Message), 0), cancellationToken);
            throw;
        }

        var (rows, detail) = describe(result);
        try
        {
            await AppendAsync(Record(rows > 0 ? "succeeded" : "unchanged", detail, rows), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"{operation} was carried out ({detail}) but could not be recorded in the audit trail: {DatabaseText.FirstLine(e.Message)}", e);
        }

        return result;
    }

    /// <summary>Appends <paramref name="record"/> to its day's blob, chained to the line before it.</summary>
    public virtual async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_blobs.IsConfigured)
        {
            Log.AuditNotStored(_logger, record.Operation, record.Actor ?? "?", record.Outcome);
            return;
        }

        var container = _blobs.GetContainer(_options.Container);
        var blob = container.GetAppendBlobClient(BlobName(record.Time));
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var written = await _blobs.RunAsync(
                async token =>
                {
                    if (!_containerExists)
                    {
                        await container.CreateIfNotExistsAsync(cancellationToken: token);
                        _containerExists = true;
                    }

                    var (length, last) = await ReadTailAsync(blob, token);
                    if (length < 0)
                    {
                        await blob.CreateIfNotExistsAsync(cancellationToken: token);
                        length = 0;
                    }

                    var previous = last is not null ? AuditChain.Hash(last) : await PreviousDayHashAsync(record.Time, token);
                    var line = JsonSerializer.Serialize(record with { Previous = previous }, LineOptions) + "\n";
                    try
                    {
                        using var content = new MemoryStream(Encoding.UTF8.GetBytes(line));
                        await blob.AppendBlockAsync(content, new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = length } }, token);
                        return true;
                    }
                    catch (RequestFailedException e) when (e.Status == 412)
                    {
                        return false; // another record went in first: chain to it instead
                    }
                },
                cancellationToken);
            if (written)
            {
                return;
            }

            // Jittered back-off, so writers that collided do not collide again in lock step.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 40) * (attempt + 1)), _time, cancellationToken);
        }

        throw new ConflictException($"The audit trail was appended to by others {Attempts} times in a row; the record of {record.Operation} could not be added.");
    }

    /// <summary>Records between <paramref name="since"/> and <paramref name="until"/>, oldest first, optionally filtered.</summary>
    public virtual async Task<IReadOnlyList<AuditRecord>> ReadAsync(DateTimeOffset since, DateTimeOffset until, string? operation = null, string? target = null, CancellationToken cancellationToken = default)
    {
        var records = new List<AuditRecord>();
        foreach (var day in Days(since, until))
        {
            foreach (var (_, line) in await ReadDayAsync(day, cancellationToken))
            {
                var record = JsonSerializer.Deserialize<AuditRecord>(line, LineOptions)!;
                if (record.Time >= since && record.Time <= until
                    && (operation is null || string.Equals(record.Operation, operation, StringComparison.OrdinalIgnoreCase))
                    && (target is null || string.Equals(record.Target, target, StringComparison.OrdinalIgnoreCase)))
                {
                    records.Add(record);
                }
            }
        }

        return records;
    }

    /// <summary>Checks that every record from <paramref name="since"/>'s day to <paramref name="until"/>'s follows the one before it.</summary>
    public virtual async Task<AuditVerification> VerifyAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var days = Days(since, until);
        var checkedDays = new List<string>();
        var count = 0;
        string? previousLine = await LastLineAsync(days[0].AddDays(-1), cancellationToken);
        foreach (var day in days)
        {
            var lines = await ReadDayAsync(day, cancellationToken);
            if (lines.Count > 0)
            {
                checkedDays.Add(BlobName(day));
            }

            foreach (var (number, line) in lines)
            {
                count++;
                var where = $"{BlobName(day)} record {number}";
                AuditRecord? record;
                try
                {
                    record = JsonSerializer.Deserialize<AuditRecord>(line, LineOptions);
                }
                catch (JsonException)
                {
                    return new AuditVerification(count, checkedDays, $"{where} is not a valid record: it was altered.");
                }

                var expected = previousLine is null ? AuditChain.Origin : AuditChain.Hash(previousLine);
                if (record is null || record.Previous != expected)
                {
                    var before = number == 1 ? "the last record of the day before" : $"record {number - 1}";
                    return new AuditVerification(count, checkedDays, $"{where} ({record?.Time:u} {record?.Operation} by {record?.Actor}) does not follow {before}: {before} was altered, or a record between them was removed, or this one was altered.");
                }

                previousLine = line;
            }

            // A day without records: the next day's first record points back to the origin.
            previousLine = lines.Count > 0 ? previousLine : null;
        }

        return new AuditVerification(count, checkedDays, null);
    }

    private static List<DateTimeOffset> Days(DateTimeOffset since, DateTimeOffset until)
    {
        if (until < since)
        {
            throw new InvalidRequestException("'until' is before 'since'.");
        }

        var first = new DateTimeOffset(since.UtcDateTime.Date, TimeSpan.Zero);
        var last = new DateTimeOffset(until.UtcDateTime.Date, TimeSpan.Zero);
        var count = (int)(last - first).TotalDays + 1;
        return count > MaxDays
            ? throw new InvalidRequestException($"Ask for at most {MaxDays} days at a time.")
            : [.. Enumerable.Range(0, count).Select(i => first.AddDays(i))];
    }

    private async Task<List<(int Number, string Line)>> ReadDayAsync(DateTimeOffset day, CancellationToken cancellationToken)
    {
        if (!_blobs.IsConfigured)
        {
            return [];
        }

        var blob = _blobs.GetContainer(_options.Container).GetAppendBlobClient(BlobName(day));
        return await _blobs.RunAsync(
            async token =>
            {
                try
                {
                    var text = (await blob.DownloadContentAsync(token)).Value.Content.ToString();
                    return text.Split('\n').Where(l => l.Length > 0).Select((line, i) => (i + 1, line)).ToList();
                }
                catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound)
                {
                    return [];
                }
            },
            cancellationToken);
    }

    private async Task<string?> LastLineAsync(DateTimeOffset day, CancellationToken cancellationToken) =>
        (await ReadDayAsync(day, cancellationToken)).Select(l => l.Line).LastOrDefault();

    private async Task<string> PreviousDayHashAsync(DateTimeOffset time, CancellationToken cancellationToken)
    {
        var blob = _blobs.GetContainer(_options.Container).GetAppendBlobClient(BlobName(time.AddDays(-1)));
        var (_, last) = await ReadTailAsync(blob, cancellationToken);
        return last is null ? AuditChain.Origin : AuditChain.Hash(last);
    }

    // The blob's length (-1 when it does not exist) and its last line, read from the tail only.
    private static async Task<(long Length, string? Last)> ReadTailAsync(AppendBlobClient blob, CancellationToken cancellationToken)
    {
        long length;
        try
        {
            length = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (-1, null);
        }

        if (length == 0)
        {
            return (0, null);
        }

        var start = Math.Max(0, length - TailBytes);
        var tail = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(start, length - start) }, cancellationToken);
        var lines = tail.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (length, lines.Length == 0 ? null : lines[^1]);
    }

    /// <summary>Appends <paramref name="record"/>; a failure is logged, not thrown (for records of something that already happened).</summary>
    public virtual async Task TryAppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await AppendAsync(record, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.AuditAppendFailed(_logger, e, record.Operation, DatabaseText.FirstLine(e.Message));
        }
    }
}
