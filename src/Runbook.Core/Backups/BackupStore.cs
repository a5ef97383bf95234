using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using Runbook.Reports;

namespace Runbook.Backups;

/// <summary>
/// The backups container (<c>Runbook:Backups:Container</c> in <c>Runbook:Storage</c>): dump blobs committed in blocks,
/// manifests beside them, index tags on both, every operation bounded by the storage timeout.
/// </summary>
public class BackupStore
{
    private readonly RunbookBlobService _storage = null!;
    private readonly BackupOptions _options = new();
    private int _containerReady;

    /// <summary>For mocking.</summary>
    protected BackupStore()
    {
    }

    /// <summary>Uses the data storage account's backups container.</summary>
    public BackupStore(RunbookBlobService storage, IOptions<BackupOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        _options = options.Value;
    }

    /// <summary>True when storage is configured.</summary>
    public virtual bool IsConfigured => _storage.IsConfigured;

    /// <summary>The container's name.</summary>
    public virtual string ContainerName => _options.Container;

    private BlobContainerClient Container => _storage.GetContainer(_options.Container);

    /// <summary>A write-only stream whose bytes become the dump blob <paramref name="name"/> once committed, and not before.</summary>
    public virtual async Task<BlockUploadStream> OpenDumpAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        return new BlockUploadStream(Container.GetBlockBlobClient(name), _storage, _options.BlockSizeBytes, cancellationToken);
    }

    /// <summary>Writes (or replaces) a manifest, with the dump's index tags.</summary>
    public virtual async Task WriteManifestAsync(BackupManifest manifest, IDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var json = BinaryData.FromObjectAsJson(manifest, ReportJson.Options);
        var options = new BlobUploadOptions { Tags = tags, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
        await _storage.RunAsync(ct => Container.GetBlobClient(BackupNames.ManifestName(manifest.Dump)).UploadAsync(json, options, ct), cancellationToken);
    }

    /// <summary>The manifest beside <paramref name="dumpName"/>, or null when there is none.</summary>
    public virtual async Task<BackupManifest?> ReadManifestAsync(string dumpName, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await _storage.RunAsync(ct => Container.GetBlobClient(BackupNames.ManifestName(dumpName)).DownloadContentAsync(ct), cancellationToken);
            var manifest = content.Value.Content.ToObjectFromJson<BackupManifest>(ReportJson.Options);
            return manifest is { FormatVersion: > 1 }
                ? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The manifest of {dumpName} is format {manifest.FormatVersion}; this Runbook reads format 1. Use a newer Runbook."))
                : manifest;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The manifest of {dumpName} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads a dump blob from the start; throws <see cref="FileNotFoundException"/> when there is none.</summary>
    public virtual async Task<(Stream Content, IDictionary<string, string> Metadata, long Length)> OpenReadAsync(string dumpName, CancellationToken cancellationToken = default)
    {
        try
        {
            var blob = Container.GetBlobClient(dumpName);
            var properties = await _storage.RunAsync(ct => blob.GetPropertiesAsync(cancellationToken: ct), cancellationToken);
            var stream = await _storage.RunAsync(ct => blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 4 * 1024 * 1024 }, ct), cancellationToken);
            return (stream, properties.Value.Metadata, properties.Value.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"There is no backup named {dumpName} in container {_options.Container}.", dumpName, e);
        }
    }

    /// <summary>Every backup of <paramref name="target"/> (or of every target), newest first, from the blobs' tags.</summary>
    public virtual async Task<IReadOnlyList<BackupEntry>> ListAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(cancellationToken))
        {
            return [];
        }

        return await _storage.RunAsync(
            async ct =>
            {
                var dumps = new List<BlobItem>();
                var manifests = new HashSet<string>(StringComparer.Ordinal);
                foreach (var tier in Enum.GetValues<BackupTier>())
                {
                    var prefix = target is null ? BackupNames.TierName(tier) + "/" : BackupNames.Prefix(tier, target);
                    await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Tags, Prefix = prefix }, ct))
                    {
                        if (item.Name.EndsWith(BackupNames.ManifestSuffix, StringComparison.Ordinal))
                        {
                            manifests.Add(item.Name);
                        }
                        else if (BackupNames.CompressionOf(item.Name) is not null && item.Tags is { } tags && tags.ContainsKey(BackupNames.TargetTag))
                        {
                            dumps.Add(item);
                        }
                    }
                }

                return (IReadOnlyList<BackupEntry>)[.. dumps.Select(d => ToEntry(d, manifests.Contains(BackupNames.ManifestName(d.Name)))).OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Name, StringComparer.Ordinal)];
            },
            cancellationToken);
    }

    /// <summary>Replaces the index tags of a dump and of its manifest.</summary>
    public virtual async Task SetTagsAsync(string dumpName, IDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        await _storage.RunAsync(ct => Container.GetBlobClient(dumpName).SetTagsAsync(tags, cancellationToken: ct), cancellationToken);
        try
        {
            await _storage.RunAsync(ct => Container.GetBlobClient(BackupNames.ManifestName(dumpName)).SetTagsAsync(tags, cancellationToken: ct), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // A dump without a manifest is incomplete; its own tags are what counts.
        }
    }

    /// <summary>Reads the index tags of a dump.</summary>
    public virtual async Task<IDictionary<string, string>> GetTagsAsync(string dumpName, CancellationToken cancellationToken = default) =>
        (await _storage.RunAsync(ct => Container.GetBlobClient(dumpName).GetTagsAsync(cancellationToken: ct), cancellationToken)).Value.Tags;

    /// <summary>Deletes a dump and its manifest; true when the dump existed.</summary>
    public virtual async Task<bool> DeleteAsync(string dumpName, CancellationToken cancellationToken = default)
    {
        var deleted = await _storage.RunAsync(ct => Container.GetBlobClient(dumpName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct), cancellationToken);
        await _storage.RunAsync(ct => Container.GetBlobClient(BackupNames.ManifestName(dumpName)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct), cancellationToken);
        return deleted.Value;
    }

    /// <summary>True when the backups container exists (backups are in use on this storage account).</summary>
    public virtual async Task<bool> ExistsAsync(CancellationToken cancellationToken = default) =>
        (await _storage.RunAsync(ct => Container.ExistsAsync(ct), cancellationToken)).Value;

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 0)
        {
            await _storage.RunAsync(ct => Container.CreateIfNotExistsAsync(cancellationToken: ct), cancellationToken);
            Volatile.Write(ref _containerReady, 1);
        }
    }

    private static BackupEntry ToEntry(BlobItem item, bool hasManifest)
    {
        var tags = item.Tags;
        var created = DateTimeOffset.ParseExact(tags[BackupNames.CreatedTag], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return new BackupEntry(
            item.Name,
            tags[BackupNames.TargetTag],
            Enum.Parse<BackupTier>(tags[BackupNames.TierTag], ignoreCase: true),
            created,
            item.Properties.ContentLength ?? 0,
            tags.TryGetValue(BackupNames.VerifiedTag, out var verified) ? verified : "no",
            tags.TryGetValue(BackupNames.PinnedTag, out var pinned) && pinned == "yes",
            hasManifest);
    }
}
