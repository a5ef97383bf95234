using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Health;
using Runbook.Operations;
using Runbook.Scheduling;
using Runbook.Targets;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// Backups into Azurite from a real PostgreSQL: streamed in blocks with the SHA-256 on the way, a manifest beside,
/// verified, restored by the real psql from what was stored; a flipped byte fails verification; a dump that fails
/// midway leaves nothing that list, verify or prune would take for a backup; local files the same way.
/// </summary>
public sealed class BackupStorageTests(ShopFixture services) : IClassFixture<ShopFixture>, IAsyncLifetime
{
    // A Tuesday: a daily backup. Each test moves its own clock on, so no two backups share a name.
    private static readonly DateTimeOffset Tuesday = new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero);
    private readonly string _container = "backups-" + Guid.NewGuid().ToString("N")[..12];
    private readonly SteppedClock _clock = new(Tuesday);
    private readonly List<string> _files = [];

    public Task InitializeAsync() => PostgresServer.ExecuteAsync(services.PostgresShop, """
        CREATE TABLE IF NOT EXISTS noise (id int PRIMARY KEY, payload bytea NOT NULL);
        INSERT INTO noise SELECT g, decode(md5(g::text || 'a') || md5(g::text || 'b'), 'hex') FROM generate_series(1, 60000) g ON CONFLICT DO NOTHING;
        """);

    public Task DisposeAsync()
    {
        foreach (var file in _files.Where(File.Exists))
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    private ServiceProvider Services(params (string Key, string Value)[] extra)
    {
        var settings = ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop);
        settings["Runbook:Backups:Container"] = _container;
        settings["Runbook:Backups:BlockSizeMegabytes"] = "1";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return services.BuildServices(s => s.AddSingleton<TimeProvider>(_clock), settings);
    }

    private BlobContainerClient Container => new BlobServiceClient(services.Azurite.ConnectionString).GetBlobContainerClient(_container);

    private static OperatorContext Tester => OperatorContext.Cli("tester");

    [Theory]
    [InlineData(BackupCompression.Gzip, ".sql.gz")]
    [InlineData(BackupCompression.Zstd, ".sql.zst")]
    [InlineData(BackupCompression.None, ".sql")]
    public async Task A_backup_is_stored_in_blocks_with_its_manifest_verified_pinned_and_restores_with_psql(BackupCompression compression, string extension)
    {
        await using var sp = Services();
        var result = await sp.GetRequiredService<BackupJob>().CreateAsync("shop", compression, Tester);

        Assert.Equal($"daily/shop/2026/12/08/shop-20261208T020000Z{extension}", result.Location);
        var blob = Container.GetBlockBlobClient(result.Location);
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.ToList();
        Assert.True(compression == BackupCompression.Gzip ? blocks.Count >= 3 : blocks.Count >= 2, $"{blocks.Count} block(s) of 1 MiB");
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(result.Manifest.Sha256, properties.Metadata[BackupNames.Sha256Metadata]);
        Assert.Equal(result.Manifest.SizeBytes, properties.ContentLength);
        var tags = (await blob.GetTagsAsync()).Value.Tags;
        Assert.Equal(("shop", "daily", "20261208T020000Z", "yes", "yes"), (tags["runbook-target"], tags["runbook-tier"], tags["runbook-created"], tags["runbook-verified"], tags["runbook-pinned"]));

        var manifest = await sp.GetRequiredService<BackupStore>().ReadManifestAsync(result.Location);
        Assert.NotNull(manifest);
        Assert.Equal((compression, BackupTier.Daily, "shop"), (manifest.Compression, manifest.Tier, manifest.Target));
        Assert.True(manifest.LastVerification is { Passed: true }, manifest.LastVerification?.Message);
        Assert.Equal(60000, manifest.Tables.Single(t => t.Name == "public.noise").Rows);
        Assert.Equal(await CountAsync(services.PostgresShop, "orders"), manifest.Tables.Single(t => t.Name == "public.orders").Rows);
        Assert.True(manifest.SnapshotStartedAt <= manifest.SnapshotEndedAt);

        // What storage holds restores with the real psql, and holds what the manifest says.
        var restored = await RestoreFromBlobAsync(blob, compression);
        Assert.Equal(await PostgresCopies.ContentAsync(services.PostgresShop), await PostgresCopies.ContentAsync(restored));
        foreach (var table in manifest.Tables)
        {
            Assert.Equal(table.Rows, await CountAsync(restored, table.Name));
        }
    }

    [Fact]
    public async Task One_flipped_byte_fails_verification_with_a_clear_message_and_unpins_the_backup()
    {
        await using var sp = Services();
        var job = sp.GetRequiredService<BackupJob>();
        var older = await job.CreateAsync("shop", BackupCompression.Gzip, Tester);
        _clock.Advance(TimeSpan.FromDays(1));
        var newer = await job.CreateAsync("shop", BackupCompression.Gzip, Tester);
        Assert.Equal("no", (await Container.GetBlobClient(older.Location).GetTagsAsync()).Value.Tags["runbook-pinned"]);
        Assert.Equal("yes", (await Container.GetBlobClient(newer.Location).GetTagsAsync()).Value.Tags["runbook-pinned"]);

        await FlipOneByteAsync(newer.Location, offset: newer.Manifest.SizeBytes / 2);
        var check = await sp.GetRequiredService<BackupVerifier>().VerifyAsync(newer.Location);

        Assert.False(check.Passed);
        Assert.StartsWith("its SHA-256 is ", check.Message, StringComparison.Ordinal);
        Assert.Contains($"the manifest says {newer.Manifest.Sha256}: the stored bytes have changed", check.Message, StringComparison.Ordinal);
        Assert.Contains("does not decompress (Gzip)", check.Message, StringComparison.Ordinal);
        var newerTags = (await Container.GetBlobClient(newer.Location).GetTagsAsync()).Value.Tags;
        Assert.Equal(("failed", "no"), (newerTags["runbook-verified"], newerTags["runbook-pinned"]));
        Assert.Equal("yes", (await Container.GetBlobClient(older.Location).GetTagsAsync()).Value.Tags["runbook-pinned"]);
        var manifest = await sp.GetRequiredService<BackupStore>().ReadManifestAsync(newer.Location);
        Assert.Equal(check, manifest!.LastVerification);
    }

    [Fact]
    public async Task A_dump_that_fails_midway_leaves_no_blob_and_nothing_to_list_verify_or_prune()
    {
        await using var sp = Services();
        var job = sp.GetRequiredService<BackupJob>();
        await using var killer = new NpgsqlConnection(services.Postgres.ConnectionString());
        await killer.OpenAsync();
        var killed = false;
        var progress = new SyncProgress(p =>
        {
            // Once a megabyte of SQL has gone out (at least one block staged), the dump's session is killed.
            if (!killed && p.TotalBytes > 1_500_000)
            {
                killed = true;
                using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND state <> 'idle' AND pid <> pg_backend_pid()", killer);
                kill.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(services.PostgresShop).Database!);
                kill.ExecuteNonQuery();
            }
        });

        var failure = await Assert.ThrowsAsync<DumpFailedException>(() => job.CreateAsync("shop", BackupCompression.None, Tester, progress));

        Assert.True(killed);
        Assert.Contains("terminating connection", failure.Message, StringComparison.Ordinal);
        var name = BackupNames.DumpName("shop", Tuesday, BackupCompression.None);
        var blocks = await Container.GetBlockBlobClient(name).GetBlockListAsync(BlockListTypes.All);
        Assert.Empty(blocks.Value.CommittedBlocks);
        Assert.NotEmpty(blocks.Value.UncommittedBlocks);
        Assert.False(await Container.GetBlobClient(name).ExistsAsync());
        Assert.False(await Container.GetBlobClient(BackupNames.ManifestName(name)).ExistsAsync());
        Assert.Empty(await sp.GetRequiredService<BackupStore>().ListAsync("shop"));
        await Assert.ThrowsAsync<FileNotFoundException>(() => sp.GetRequiredService<BackupVerifier>().VerifyAsync(name));
        Assert.Empty(await sp.GetRequiredService<BackupPruner>().PruneAsync("shop", dryRun: false, Tester));
    }

    [Fact]
    public async Task A_local_file_backup_is_renamed_only_when_complete_verifies_and_refuses_to_overwrite()
    {
        await using var sp = Services();
        var path = Path.Combine(Path.GetTempPath(), $"runbook-{Guid.NewGuid():N}.sql.zst");
        _files.AddRange([path, BackupJob.ManifestPathOf(path), path + ".partial"]);

        var result = await sp.GetRequiredService<BackupJob>().CreateFileAsync("shop", path, BackupCompression.Zstd, Tester);

        Assert.Equal(path, result.Location);
        Assert.False(File.Exists(path + ".partial"));
        Assert.Equal(new FileInfo(path).Length, result.Manifest.SizeBytes);
        var verifier = sp.GetRequiredService<BackupVerifier>();
        Assert.True((await verifier.VerifyFileAsync(path)).Passed);
        var again = await Assert.ThrowsAsync<InvalidRequestException>(() => sp.GetRequiredService<BackupJob>().CreateFileAsync("shop", path, BackupCompression.Zstd, Tester));
        Assert.Equal($"{path} already exists; choose another file or remove it first.", again.Message);
        var gzip = Path.ChangeExtension(path, null) + ".gz"; // x.sql.gz would share x.manifest.json with x.sql.zst
        var sameManifest = await Assert.ThrowsAsync<InvalidRequestException>(() => sp.GetRequiredService<BackupJob>().CreateFileAsync("shop", gzip, BackupCompression.Gzip, Tester));
        Assert.Equal($"{BackupJob.ManifestPathOf(path)} (the manifest a dump named {Path.GetFileName(gzip)} would have) already exists; choose another file or remove it first.", sameManifest.Message);
        Assert.False(File.Exists(gzip));

        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length / 3;
            var b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(b ^ 0x01));
        }

        var damaged = await verifier.VerifyFileAsync(path);
        Assert.False(damaged.Passed);
        Assert.Contains("the stored bytes have changed", damaged.Message, StringComparison.Ordinal);
        Assert.Empty(await sp.GetRequiredService<BackupStore>().ListAsync("shop"));
    }

    [Fact]
    public async Task A_local_backup_that_fails_leaves_neither_the_file_nor_its_partial()
    {
        await using var sp = Services(("Runbook:Backups:LockTimeout", "00:00:01"));
        var path = Path.Combine(Path.GetTempPath(), $"runbook-{Guid.NewGuid():N}.sql.gz");
        _files.AddRange([path, path + ".partial"]);
        await using var locker = new NpgsqlConnection(services.PostgresShop);
        await locker.OpenAsync();
        await using var tx = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE noise IN ACCESS EXCLUSIVE MODE", locker, tx))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var failure = await Assert.ThrowsAsync<DumpFailedException>(() => sp.GetRequiredService<BackupJob>().CreateFileAsync("shop", path, null, Tester));

        Assert.Contains("lock", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
        Assert.False(File.Exists(BackupJob.ManifestPathOf(path)));
    }

    [Theory]
    [InlineData(BackupCompression.None)]
    [InlineData(BackupCompression.Gzip)]
    public async Task An_output_that_fails_midway_fails_the_dump_with_the_outputs_error(BackupCompression compression)
    {
        // The output is written beside the dump, on its own thread: its failure must still stop the dump and be the error.
        await using var sp = Services();
        var full = new MemoryStream();
        await sp.GetRequiredService<BackupJob>().CreateStreamAsync("shop", full, compression, Tester);
        await using var output = new FullDiskStream(full.Length / 2);

        var failure = await Assert.ThrowsAsync<DumpFailedException>(() => sp.GetRequiredService<BackupJob>().CreateStreamAsync("shop", output, compression, Tester));

        Assert.Contains("No space left on device", failure.Message, StringComparison.Ordinal);
        Assert.True(output.Written <= full.Length / 2);
    }

    // Accepts writes up to a limit, then fails as a full disk does.
    private sealed class FullDiskStream(long limit) : MemoryStream
    {
        public long Written { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Written + buffer.Length > limit)
            {
                throw new IOException("No space left on device");
            }

            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Sunday_backups_are_weekly_and_the_first_sunday_of_a_month_monthly()
    {
        await using var sp = Services(("Runbook:Backups:VerifyAfterBackup", "false"));
        var job = sp.GetRequiredService<BackupJob>();
        _clock.Advance(new DateTimeOffset(2026, 12, 13, 2, 0, 0, TimeSpan.Zero) - _clock.GetUtcNow());
        var weekly = await job.CreateAsync("shop", BackupCompression.Gzip, Tester);
        _clock.Advance(TimeSpan.FromDays(21));
        var monthly = await job.CreateAsync("shop", BackupCompression.Gzip, Tester);

        Assert.StartsWith("weekly/shop/2026/12/13/", weekly.Location, StringComparison.Ordinal);
        Assert.StartsWith("monthly/shop/2027/01/03/", monthly.Location, StringComparison.Ordinal);
        Assert.Null(weekly.Verification);
        var listed = await sp.GetRequiredService<BackupStore>().ListAsync("shop");
        Assert.Equal([monthly.Location, weekly.Location], listed.Select(b => b.Name));
        Assert.Equal([BackupTier.Monthly, BackupTier.Weekly], listed.Select(b => b.Tier));
        Assert.All(listed, b => Assert.Equal(("no", false, true), (b.Verified, b.Pinned, b.HasManifest)));
    }

    [Fact]
    public async Task The_timer_backs_up_every_reachable_target_prunes_and_fails_the_tick_naming_the_one_it_could_not_back_up()
    {
        var down = ShopFixture.ShopTarget(1, "down", "PostgreSql", ShopFixture.DownPostgres);
        await using var sp = Services([.. down.Select(p => (p.Key, p.Value!))]);
        var runner = sp.GetRequiredService<ScheduledJobRunner>();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(JobSchedules.Backup, isPastDue: false));

        Assert.StartsWith("1 backup step(s) failed: down: ", failure.Message, StringComparison.Ordinal);
        var stored = Assert.Single(await sp.GetRequiredService<BackupStore>().ListAsync());
        Assert.Equal(("shop", "yes", true), (stored.Target, stored.Verified, stored.Pinned));
        var audit = await sp.GetRequiredService<AuditTrail>().ReadAsync(Tuesday.AddHours(-1), Tuesday.AddHours(1));
        Assert.Contains(audit, r => r.Operation == "backup.create" && r.Target == "shop" && r.Outcome == "succeeded" && r.Actor == "timer:backup");
        Assert.Contains(audit, r => r.Operation == "backup.create" && r.Target == "down" && r.Outcome == "failed");
        Assert.Contains(audit, r => r.Operation == "timer.backup" && r.Outcome == "failed");

        // A week later, with the down target gone: the tick succeeds and prunes last week's backup, now outside every rule.
        _clock.Advance(TimeSpan.FromDays(8));
        await using var later = Services();
        var run = await later.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.Backup, isPastDue: false);
        Assert.Equal("1 backup(s) made and verified, 1 pruned", run.Outcome);
        Assert.Equal("daily/shop/2026/12/16/shop-20261216T020000Z.sql.gz", Assert.Single(await later.GetRequiredService<BackupStore>().ListAsync()).Name);
    }

    [Fact]
    public async Task The_health_check_reports_the_age_of_each_targets_newest_verified_backup()
    {
        var other = ShopFixture.ShopTarget(1, "other", "PostgreSql", services.PostgresShop);
        await using var sp = Services([.. other.Select(p => (p.Key, p.Value!))]);
        var made = await sp.GetRequiredService<BackupJob>().CreateAsync("shop", BackupCompression.Gzip, Tester);

        async Task<(HealthFinding Shop, HealthFinding Other)> CheckAsync()
        {
            var report = await sp.GetRequiredService<HealthCheckJob>().RunAsync();
            return (report.Targets.Single(t => t.Target == "shop").Findings.Single(f => f.Check == "backup"), report.Targets.Single(t => t.Target == "other").Findings.Single(f => f.Check == "backup"));
        }

        var (shop, none) = await CheckAsync();
        Assert.Equal(Severity.Normal, shop.Severity);
        Assert.StartsWith($"Newest verified backup of shop: {made.Location}, 0 h 0 min old (warning at 1.02:00:00, critical at 2.02:00:00).", shop.Message, StringComparison.Ordinal);
        Assert.Equal((Severity.Critical, $"No verified backup of other in container {_container}."), (none.Severity, none.Message));

        _clock.Advance(TimeSpan.FromHours(27));
        Assert.Equal(Severity.Warning, (await CheckAsync()).Shop.Severity);
        _clock.Advance(TimeSpan.FromHours(24));
        var late = (await CheckAsync()).Shop;
        Assert.Equal(Severity.Critical, late.Severity);
        Assert.Contains("51 h 0 min old", late.Message, StringComparison.Ordinal);

        // A newer backup that fails verification does not count, and is named.
        var broken = await sp.GetRequiredService<BackupJob>().CreateAsync("shop", BackupCompression.Gzip, Tester);
        await FlipOneByteAsync(broken.Location, offset: 100);
        await sp.GetRequiredService<BackupVerifier>().VerifyAsync(broken.Location);
        var stillLate = (await CheckAsync()).Shop;
        Assert.Equal(Severity.Critical, stillLate.Severity);
        Assert.Contains($"The newest backup, {broken.Location}, is one that FAILED verification.", stillLate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_backup_restores_with_runbook_and_a_damaged_one_is_refused_by_its_checksum_leaving_no_database()
    {
        await using var sp = Services();
        var made = await sp.GetRequiredService<BackupJob>().CreateAsync("shop", BackupCompression.None, Tester);
        var good = "good_" + Guid.NewGuid().ToString("N")[..8];

        var (code, output, error) = await CliRunner.RunAsync(
            services.Settings(new Dictionary<string, string?>(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop)) { ["Runbook:Backups:Container"] = _container }),
            "backup", "restore", made.Location, "--target", "shop", "--database", good);

        Assert.True(code == 0, error);
        Assert.Contains($"restored into {good} on shop (created)", output, StringComparison.Ordinal);
        Assert.Contains("SHA-256 matches the manifest", output, StringComparison.Ordinal);
        Assert.Equal(await PostgresCopies.ContentAsync(services.PostgresShop), await PostgresCopies.ContentAsync(services.Postgres.ConnectionString(good)));

        // A digit changed inside the rows: still valid SQL that would restore, but not what was backed up.
        var blob = Container.GetBlockBlobClient(made.Location);
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var at = System.Text.Encoding.UTF8.GetString(bytes).IndexOf("COPY public.noise", StringComparison.Ordinal) + 200;
        while (!char.IsAsciiDigit((char)bytes[at]) || !char.IsAsciiDigit((char)bytes[at + 1]))
        {
            at++;
        }

        bytes[at] = (byte)(bytes[at] == '1' ? '2' : '1');
        var properties = (await blob.GetPropertiesAsync()).Value;
        await blob.UploadAsync(new MemoryStream(bytes), new BlobUploadOptions { Metadata = properties.Metadata, Tags = (await blob.GetTagsAsync()).Value.Tags });
        var damaged = "damaged_" + Guid.NewGuid().ToString("N")[..8];

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => sp.GetRequiredService<BackupRestorer>().RestoreAsync(made.Location, "shop", damaged, force: false, Tester));

        // A database the restore made is loaded over several connections, so it is dropped rather than rolled back.
        Assert.Contains("but its manifest says", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith($"Runbook had created database '{damaged}' for this restore and has dropped it again: nothing half-restored is left.", failure.Message, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(services.Postgres.ConnectionString());
        await connection.OpenAsync();
        Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT count(*) FROM pg_database WHERE datname = @name", TimeSpan.FromSeconds(30), CancellationToken.None, ("name", damaged)));
    }

    [Fact]
    public async Task A_stored_mariadb_backup_restores_with_runbook_and_a_damaged_one_leaves_no_database_behind()
    {
        var maria = ShopFixture.ShopTarget(0, "maria", "MySql", services.MariaDbShop);
        maria["Runbook:Backups:Container"] = _container;
        await using var sp = Services([.. maria.Select(p => (p.Key, p.Value!))]);
        var made = await sp.GetRequiredService<BackupJob>().CreateAsync("maria", BackupCompression.None, Tester);
        var good = "good_" + Guid.NewGuid().ToString("N")[..8];

        var (code, output, error) = await CliRunner.RunAsync(services.Settings(maria), "backup", "restore", made.Location, "--target", "maria", "--database", good);

        Assert.True(code == 0, error);
        Assert.Contains($"restored into {good} on maria (created)", output, StringComparison.Ordinal);
        Assert.Contains("SHA-256 matches the manifest", output, StringComparison.Ordinal);
        Assert.Equal(await MariaDbCopies.ContentAsync(services.MariaDbShop), await MariaDbCopies.ContentAsync(services.MariaDb.ConnectionString(good)));

        // One letter of a comment changed: the SQL restores in full, but it is not what was backed up.
        var blob = Container.GetBlockBlobClient(made.Location);
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var at = System.Text.Encoding.UTF8.GetString(bytes).IndexOf("-- Rows of ", StringComparison.Ordinal) + 3;
        bytes[at] = (byte)'r';
        var properties = (await blob.GetPropertiesAsync()).Value;
        await blob.UploadAsync(new MemoryStream(bytes), new BlobUploadOptions { Metadata = properties.Metadata, Tags = (await blob.GetTagsAsync()).Value.Tags });
        var damaged = "damaged_" + Guid.NewGuid().ToString("N")[..8];

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => sp.GetRequiredService<BackupRestorer>().RestoreAsync(made.Location, "maria", damaged, force: false, Tester));

        Assert.Contains("but its manifest says", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the backup is damaged. MySQL cannot roll back DDL", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith($"Runbook had created database '{damaged}' for this restore and has dropped it again: nothing half-restored is left.", failure.Message, StringComparison.Ordinal);
        await using var connection = new MySqlConnector.MySqlConnection(services.MariaDbShop);
        await connection.OpenAsync();
        await using var exists = new MySqlConnector.MySqlCommand($"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{damaged}'", connection);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }

    private async Task FlipOneByteAsync(string name, long offset)
    {
        var blob = Container.GetBlockBlobClient(name);
        var properties = (await blob.GetPropertiesAsync()).Value;
        var tags = (await blob.GetTagsAsync()).Value.Tags;
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[offset] ^= 0x20;
        await blob.UploadAsync(new MemoryStream(bytes), new BlobUploadOptions { Metadata = properties.Metadata, Tags = tags });
    }

    private async Task<string> RestoreFromBlobAsync(BlockBlobClient blob, BackupCompression compression)
    {
        var file = Path.Combine(Path.GetTempPath(), $"restore-{Guid.NewGuid():N}.sql");
        _files.Add(file);
        await using (var download = await blob.OpenReadAsync())
        await using (var sql = BackupCompressionStreams.Decompress(download, compression))
        await using (var output = File.Create(file))
        {
            await sql.CopyToAsync(output);
        }

        var database = "restored_" + Guid.NewGuid().ToString("N")[..10];
        var restored = await services.Postgres.CreateDatabaseAsync(database);
        await PostgresCopies.RestoreAsync(services.Postgres, database, file);
        return restored;
    }

    private static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Progress<T> posts to the thread pool; the dump's own thread must see the kill happen before it reads on.
    private sealed class SyncProgress(Action<DumpProgress> report) : IProgress<DumpProgress>
    {
        public void Report(DumpProgress value) => report(value);
    }
}
