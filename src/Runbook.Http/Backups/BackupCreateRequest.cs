using Runbook.Backups;

namespace Runbook.Http.Backups;

/// <summary>The body of <c>POST /api/backups</c>: <c>{ "target": "shop", "compression": "Zstd" }</c>; both optional.</summary>
public sealed class BackupCreateRequest
{
    /// <summary>One target; every target when left out.</summary>
    public string? Target { get; set; }

    /// <summary>Gzip, Zstd or None; <c>Runbook:Backups:Compression</c> when left out.</summary>
    public BackupCompression? Compression { get; set; }
}
