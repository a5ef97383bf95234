using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Runbook.Logging;
using Runbook.Targets;

namespace Runbook.Backups;

/// <summary>
/// Re-reads a backup end to end (seed 001 <c>db-backup-verify</c>): the SHA-256 and size of the stored bytes against the
/// manifest and the blob's metadata, that it decompresses to the end, that the SQL has the dump's closing line and the
/// size the manifest says. Records the outcome in the manifest and the blob's tags, and keeps each target's newest
/// verified backup pinned. A checksum proves the file is intact, not that it restores: only a restore drill proves that.
/// </summary>
public class BackupVerifier
{
    /// <summary>The line every complete dump ends with.</summary>
    public const string CompleteMarker = "-- Runbook dump complete";

    private readonly BackupStore _store = null!;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>For mocking.</summary>
    protected BackupVerifier()
    {
    }

    /// <summary>Verifies backups in <paramref name="store"/>.</summary>
    public BackupVerifier(BackupStore store, TimeProvider time, ILogger<BackupVerifier> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Verifies the stored backup <paramref name="dumpName"/> and records the outcome. Throws
    /// <see cref="FileNotFoundException"/> when there is no such backup; a damaged one is a failed check, not an exception.
    /// </summary>
    public virtual async Task<BackupCheck> VerifyAsync(string dumpName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dumpName);
        var manifest = await _store.ReadManifestAsync(dumpName, cancellationToken);
        var (content, metadata, length) = await _store.OpenReadAsync(dumpName, cancellationToken);
        BackupCheck check;
        await using (content)
        {
            check = manifest is null
                ? new BackupCheck(_time.GetUtcNow(), false, "it has no manifest: the backup did not finish, or its manifest was deleted")
                : await CheckAsync(content, length, metadata.TryGetValue(BackupNames.Sha256Metadata, out var sha) ? sha : null, manifest, cancellationToken);
        }

        await RecordAsync(dumpName, manifest is null ? null : manifest with { LastVerification = check }, cancellationToken);
        Log.BackupVerified(_logger, dumpName, check.Passed, check.Message);
        return check;
    }

    /// <summary>
    /// Stores <paramref name="manifest"/> (with a new verification or drill outcome) beside <paramref name="dumpName"/>, sets
    /// both blobs' verified tag from it (<see cref="BackupNames.VerifiedValue"/>; <c>failed</c> when there is no manifest)
    /// and pins the target's newest verified backup again.
    /// </summary>
    internal async Task RecordAsync(string dumpName, BackupManifest? manifest, CancellationToken cancellationToken)
    {
        var tags = await TagsAsync(dumpName, BackupNames.VerifiedValue(manifest), cancellationToken);
        if (manifest is not null)
        {
            await _store.WriteManifestAsync(manifest, tags, cancellationToken);
        }

        await _store.SetTagsAsync(dumpName, tags, cancellationToken);
        if (manifest is not null)
        {
            await RepinAsync(manifest.Target, cancellationToken);
        }
    }

    /// <summary>
    /// Verifies a local dump file against the manifest file beside it (<c>.manifest.json</c>), changing neither.
    /// </summary>
    public virtual async Task<BackupCheck> VerifyFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var manifestPath = BackupJob.ManifestPathOf(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no file {path}.", path);
        }

        if (!File.Exists(manifestPath))
        {
            return new BackupCheck(_time.GetUtcNow(), false, $"it has no manifest ({manifestPath}): the backup did not finish, or the manifest was not copied with it");
        }

        var manifest = System.Text.Json.JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, cancellationToken), Reports.ReportJson.Options)
            ?? throw new InvalidDataException($"{manifestPath} is empty.");
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await CheckAsync(file, file.Length, null, manifest, cancellationToken);
    }

    private async Task<BackupCheck> CheckAsync(Stream content, long length, string? metadataSha256, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (length != manifest.SizeBytes)
        {
            problems.Add(Format($"it is {length:N0} bytes, the manifest says {manifest.SizeBytes:N0}"));
        }

        await using var hashing = new HashingStream(content);
        long sqlBytes = 0;
        var tail = string.Empty;
        try
        {
            await using var sql = BackupCompressionStreams.Decompress(hashing, manifest.Compression);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await sql.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sqlBytes += read;
                tail = Tail(tail, buffer.AsSpan(0, read));
            }

            // Read what the decompressor left (a gzip footer it did not need), so the checksum covers every byte.
            while (await hashing.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not IOException { InnerException: Azure.RequestFailedException })
        {
            problems.Add($"it does not decompress ({manifest.Compression}) past byte {hashing.BytesWritten:N0}: {DatabaseText.FirstLine(e.Message)}");
        }

        var sha256 = hashing.Finish();
        if (!string.Equals(sha256, manifest.Sha256, StringComparison.Ordinal))
        {
            problems.Insert(0, $"its SHA-256 is {sha256}, the manifest says {manifest.Sha256}: the stored bytes have changed");
        }

        if (metadataSha256 is not null && !string.Equals(metadataSha256, manifest.Sha256, StringComparison.Ordinal))
        {
            problems.Add($"the blob's metadata says SHA-256 {metadataSha256}, the manifest {manifest.Sha256}");
        }

        if (problems.Count == 0 && sqlBytes != manifest.SqlBytes)
        {
            problems.Add(Format($"it decompresses to {sqlBytes:N0} bytes of SQL, the manifest says {manifest.SqlBytes:N0}"));
        }

        if (problems.Count == 0 && !tail.Contains(CompleteMarker, StringComparison.Ordinal))
        {
            problems.Add($"the SQL does not end with '{CompleteMarker}': the dump is incomplete");
        }

        return problems.Count == 0
            ? new BackupCheck(_time.GetUtcNow(), true, Format($"SHA-256 {sha256} matches; {length:N0} bytes decompress ({manifest.Compression}) to {sqlBytes:N0} bytes of SQL ending with the dump's closing line; {manifest.Tables.Count} tables, {manifest.Tables.Sum(t => t.Rows):N0} rows in the manifest"))
            : new BackupCheck(_time.GetUtcNow(), false, string.Join("; ", problems));
    }

    // The last few hundred characters of the SQL, where the closing line is.
    private static string Tail(string tail, ReadOnlySpan<byte> bytes)
    {
        var last = bytes.Length > 256 ? bytes[^256..] : bytes;
        var text = tail + Encoding.UTF8.GetString(last);
        return text.Length > 512 ? text[^512..] : text;
    }

    private async Task<Dictionary<string, string>> TagsAsync(string dumpName, string verified, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(await _store.GetTagsAsync(dumpName, cancellationToken))
        {
            [BackupNames.VerifiedTag] = verified,
        };
        tags[BackupNames.PinnedTag] = tags.TryGetValue(BackupNames.PinnedTag, out var pinned) && verified == "yes" ? pinned : "no";
        return tags;
    }

    // The newest verified backup of the target is pinned, every other one is not: the lifecycle policy deletes only unpinned blobs.
    private async Task RepinAsync(string target, CancellationToken cancellationToken)
    {
        var entries = await _store.ListAsync(target, cancellationToken);
        var newest = entries.FirstOrDefault(e => e.IsVerified && e.HasManifest);
        foreach (var entry in entries.Where(e => e.Pinned != (e == newest)))
        {
            var tags = BackupNames.Tags(entry.Target, entry.Tier, entry.CreatedAt, entry.Verified, pinned: entry == newest);
            await _store.SetTagsAsync(entry.Name, tags, cancellationToken);
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
