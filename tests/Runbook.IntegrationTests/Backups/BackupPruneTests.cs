using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>Prune on a generated year of real blobs in Azurite: a dry run changes nothing; the real run deletes exactly the plan.</summary>
public sealed class BackupPruneTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 2, 10, 0, TimeSpan.Zero);
    private readonly string _container = "backups-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_year_of_backups_is_pruned_to_seven_four_and_twelve_keeping_the_newest_verified_one_and_audited()
    {
        var settings = ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop);
        settings["Runbook:Backups:Container"] = _container;
        await using var sp = services.BuildServices(s => s.AddSingleton<TimeProvider>(new PinnedClock(Now)), settings);
        var store = sp.GetRequiredService<BackupStore>();
        var lastGood = new DateTimeOffset(2026, 6, 10, 2, 0, 0, TimeSpan.Zero);
        var year = BackupYear.Generate(Now, verified: c => c == lastGood ? "yes" : "no");
        await Parallel.ForEachAsync(year, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, ct) => await StoreAsync(store, entry, ct));
        var who = OperatorContext.Cli("tester");
        var pruner = sp.GetRequiredService<BackupPruner>();

        var dryRun = await pruner.PruneAsync("shop", dryRun: true, who);
        Assert.Equal(year.Count, (await store.ListAsync("shop")).Count);

        var decisions = await pruner.PruneAsync("shop", dryRun: false, who);

        Assert.Equal(dryRun.Select(d => (d.Backup.Name, d.Keep)), decisions.Select(d => (d.Backup.Name, d.Keep)));
        var left = await store.ListAsync("shop");
        Assert.Equal(decisions.Where(d => d.Keep).Select(d => d.Backup.Name).Order(StringComparer.Ordinal), left.Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.Equal(7 + 3 + 11 + 1, left.Count);
        Assert.Contains(left, b => b.CreatedAt == lastGood && b.IsVerified);
        var container = new BlobServiceClient(services.Azurite.ConnectionString).GetBlobContainerClient(_container);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal(left.Count * 2, blobs.Count);
        var audit = await sp.GetRequiredService<AuditTrail>().ReadAsync(Now.AddHours(-1), Now.AddHours(1), "backup.prune");
        var record = Assert.Single(audit);
        Assert.Equal(("tester", "succeeded", 367L - 22), (record.Actor, record.Outcome, record.RowsChanged));
    }

    private static async Task StoreAsync(BackupStore store, BackupEntry entry, CancellationToken cancellationToken)
    {
        var tags = BackupNames.Tags(entry.Target, entry.Tier, entry.CreatedAt, entry.Verified);
        var content = Encoding.UTF8.GetBytes("-- Runbook dump complete\n");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        await using (var upload = await store.OpenDumpAsync(entry.Name, cancellationToken))
        {
            await upload.WriteAsync(content, cancellationToken);
            await upload.CommitAsync(new Dictionary<string, string> { [BackupNames.Sha256Metadata] = sha256 }, tags, "application/sql");
        }

        var manifest = new BackupManifest
        {
            Target = entry.Target, Provider = DatabaseProvider.PostgreSql, ServerVersion = "15", Database = "shop", Dump = entry.Name,
            CreatedAt = entry.CreatedAt, Tier = entry.Tier, SnapshotStartedAt = entry.CreatedAt, SnapshotEndedAt = entry.CreatedAt,
            Compression = BackupCompression.Gzip, SizeBytes = content.Length, SqlBytes = content.Length, Sha256 = sha256, Tables = [], RunbookVersion = "test",
        };
        await store.WriteManifestAsync(manifest, tags, cancellationToken);
    }
}
