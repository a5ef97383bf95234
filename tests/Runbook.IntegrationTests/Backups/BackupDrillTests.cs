using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Runbook.Audit;
using Runbook.Backups;
using Runbook.Health;
using Runbook.Reports;
using Runbook.Scheduling;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// The restore drill against PostgreSQL and Azurite: a good backup passes and is recorded; one whose rows were changed
/// (with its SHA-256 made to match, so verification passes) fails naming the table and loses its pin; one that does not
/// restore fails; a cancelled one still drops its scratch database; an old manifest without checksums is compared by row
/// counts; the timer drills when told to; a MySQL backup says it cannot be drilled yet. No scratch database is ever left.
/// </summary>
public sealed class BackupDrillTests(ShopFixture services) : IClassFixture<ShopFixture>, IAsyncLifetime
{
    // Its own target name, so that its scratch databases are told apart from other classes' drills.
    private const string Target = "drillshop";
    private static readonly DateTimeOffset Tuesday = new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero);
    private readonly string _container = "backups-" + Guid.NewGuid().ToString("N")[..12];
    private readonly SteppedClock _clock = new(Tuesday);

    private static OperatorContext Tester => OperatorContext.Cli("tester");

    public Task InitializeAsync() => PostgresServer.ExecuteAsync(services.PostgresShop, """
        CREATE TABLE IF NOT EXISTS noise (id int PRIMARY KEY, payload bytea NOT NULL);
        INSERT INTO noise SELECT g, decode(md5(g::text || 'a') || md5(g::text || 'b'), 'hex') FROM generate_series(1, 5000) g ON CONFLICT DO NOTHING;
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    private BlobContainerClient Container => new BlobServiceClient(services.Azurite.ConnectionString).GetBlobContainerClient(_container);

    private ServiceProvider Services(params (string Key, string Value)[] extra)
    {
        var settings = ShopFixture.ShopTarget(0, Target, "PostgreSql", services.PostgresShop);
        settings["Runbook:Backups:Container"] = _container;
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return services.BuildServices(s => s.AddSingleton<TimeProvider>(_clock), settings);
    }

    [Fact]
    public async Task A_good_backup_passes_its_drill_which_is_recorded_and_audited_and_leaves_no_scratch_database()
    {
        await using var sp = Services();
        var made = await sp.GetRequiredService<BackupJob>().CreateAsync(Target, BackupCompression.Gzip, Tester);
        Assert.Null(made.RestoreDrill);

        var check = await sp.GetRequiredService<BackupDrill>().DrillAsync(made.Location, null, Tester);

        Assert.True(check.Passed, check.Message);
        var rows = made.Manifest.Tables.Sum(t => t.Rows);
        Assert.Contains($"restored into runbook_drill_{Target}_20261208_020000, then dropped: {made.Manifest.Tables.Count} tables, {rows.ToString("N0", CultureInfo.InvariantCulture)} rows match the manifest (row counts and content checksums)", check.Message, StringComparison.Ordinal);
        var manifest = await sp.GetRequiredService<BackupStore>().ReadManifestAsync(made.Location);
        Assert.Equal(check, manifest!.LastRestoreDrill);
        Assert.True(manifest.LastVerification is { Passed: true });
        Assert.All(manifest.Tables, t => Assert.StartsWith("xxh3-sum:", t.Checksum, StringComparison.Ordinal));
        var tags = (await Container.GetBlobClient(made.Location).GetTagsAsync()).Value.Tags;
        Assert.Equal(("yes", "yes"), (tags["runbook-verified"], tags["runbook-pinned"]));
        Assert.Empty(await ScratchDatabasesAsync());
        var audit = await sp.GetRequiredService<AuditTrail>().ReadAsync(Tuesday.AddHours(-1), Tuesday.AddHours(1));
        Assert.Contains(audit, r => r.Operation == "backup.drill" && r.Target == Target && r.Outcome == "succeeded" && r.Detail!.StartsWith("passed: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backup_whose_rows_were_changed_verifies_but_fails_its_drill_naming_the_table_and_loses_its_pin()
    {
        await using var sp = Services();
        var job = sp.GetRequiredService<BackupJob>();
        var older = await job.CreateAsync(Target, BackupCompression.None, Tester);
        _clock.Advance(TimeSpan.FromDays(1));
        var newer = await job.CreateAsync(Target, BackupCompression.None, Tester);

        // One hex digit of one bytea value: valid SQL, the same row count, a consistent SHA-256. Only the content differs.
        await RewriteAsync(sp, newer.Location, sql =>
        {
            var at = sql.IndexOf("\\\\x", sql.IndexOf("COPY public.noise ", StringComparison.Ordinal), StringComparison.Ordinal) + 10;
            return string.Concat(sql.AsSpan(0, at), sql[at] == 'a' ? "b" : "a", sql.AsSpan(at + 1));
        });
        Assert.True((await sp.GetRequiredService<BackupVerifier>().VerifyAsync(newer.Location)).Passed);

        var check = await sp.GetRequiredService<BackupDrill>().DrillAsync(newer.Location, null, Tester);

        Assert.False(check.Passed);
        var noise = newer.Manifest.Tables.Single(t => t.Name == "public.noise");
        Assert.Contains($"1 of {newer.Manifest.Tables.Count} tables differ from the manifest", check.Message, StringComparison.Ordinal);
        Assert.Contains($"public.noise has checksum xxh3-sum:", check.Message, StringComparison.Ordinal);
        Assert.Contains($", the manifest {noise.Checksum} (same 5,000 rows, other content)", check.Message, StringComparison.Ordinal);
        Assert.Empty(await ScratchDatabasesAsync());
        var newerTags = (await Container.GetBlobClient(newer.Location).GetTagsAsync()).Value.Tags;
        Assert.Equal(("drill-failed", "no"), (newerTags["runbook-verified"], newerTags["runbook-pinned"]));
        Assert.Equal("yes", (await Container.GetBlobClient(older.Location).GetTagsAsync()).Value.Tags["runbook-pinned"]);

        // Verifying it again does not make it good, and the morning check names the failed drill.
        Assert.True((await sp.GetRequiredService<BackupVerifier>().VerifyAsync(newer.Location)).Passed);
        Assert.Equal("drill-failed", (await Container.GetBlobClient(newer.Location).GetTagsAsync()).Value.Tags["runbook-verified"]);
        var report = await sp.GetRequiredService<HealthCheckJob>().RunAsync();
        var finding = report.Targets.Single(t => t.Target == Target).Findings.Single(f => f.Check == "backup");
        Assert.StartsWith($"Newest verified backup of {Target}: {older.Location},", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"The newest backup, {newer.Location}, is one that FAILED its restore drill.", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_that_does_not_restore_fails_its_drill_and_the_scratch_database_is_dropped()
    {
        await using var sp = Services();
        var made = await sp.GetRequiredService<BackupJob>().CreateAsync(Target, BackupCompression.Gzip, Tester);
        await RewriteAsync(sp, made.Location, sql => sql.Replace("COPY public.noise ", "COPY public.noise_gone ", StringComparison.Ordinal));

        var check = await sp.GetRequiredService<BackupDrill>().DrillAsync(made.Location, null, Tester);

        Assert.False(check.Passed);
        Assert.StartsWith($"the restore into runbook_drill_{Target}_20261208_020000 failed: The restore stopped at line ", check.Message, StringComparison.Ordinal);
        Assert.Contains("relation \"public.noise_gone\" does not exist", check.Message, StringComparison.Ordinal);
        Assert.Empty(await ScratchDatabasesAsync());
        Assert.Equal(check, (await sp.GetRequiredService<BackupStore>().ReadManifestAsync(made.Location))!.LastRestoreDrill);
    }

    [Fact]
    public async Task A_drill_cancelled_while_it_restores_still_drops_its_scratch_database()
    {
        using var stop = new CancellationTokenSource();
        var seen = new List<string>();
        var settings = ShopFixture.ShopTarget(0, Target, "PostgreSql", services.PostgresShop);
        settings["Runbook:Backups:Container"] = _container;
        await using var sp = services.BuildServices(
            s => s.AddSingleton<TimeProvider>(_clock).AddSingleton<BackupStore>(p => new CancellingStore(p, async () =>
            {
                // The first read of the backup's bytes comes after the scratch database was created.
                seen.AddRange(await ScratchDatabasesAsync());
                await stop.CancelAsync();
            })),
            settings);
        var made = await sp.GetRequiredService<BackupJob>().CreateAsync(Target, BackupCompression.Gzip, Tester);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sp.GetRequiredService<BackupDrill>().DrillAsync(made.Location, null, Tester, stop.Token));

        Assert.Equal([$"runbook_drill_{Target}_20261208_020000"], seen);
        Assert.Empty(await ScratchDatabasesAsync());
        Assert.Null((await sp.GetRequiredService<BackupStore>().ReadManifestAsync(made.Location))!.LastRestoreDrill);
    }

    [Fact]
    public async Task A_manifest_written_before_checksums_is_compared_by_row_counts_and_says_so()
    {
        await using var sp = Services();
        var made = await sp.GetRequiredService<BackupJob>().CreateAsync(Target, BackupCompression.Zstd, Tester);
        var blob = Container.GetBlobClient(BackupNames.ManifestName(made.Location));
        var json = JsonNode.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())!;
        foreach (var table in json["tables"]!.AsArray())
        {
            table!.AsObject().Remove("checksum");
        }

        await blob.UploadAsync(BinaryData.FromString(json.ToJsonString()), new BlobUploadOptions { Tags = (await blob.GetTagsAsync()).Value.Tags });
        Assert.All((await sp.GetRequiredService<BackupStore>().ReadManifestAsync(made.Location))!.Tables, t => Assert.Null(t.Checksum));

        var check = await sp.GetRequiredService<BackupDrill>().DrillAsync(made.Location, null, Tester);

        Assert.True(check.Passed, check.Message);
        Assert.EndsWith("rows match the manifest (row counts only: the manifest has no content checksums (written by an older Runbook))", check.Message, StringComparison.Ordinal);
        Assert.Empty(await ScratchDatabasesAsync());
    }

    [Fact]
    public async Task The_timer_with_the_drill_on_drills_each_new_backup()
    {
        await using var sp = Services(("Runbook:Backups:RestoreDrill", "true"));

        var run = await sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.Backup, isPastDue: false);

        Assert.Equal("1 backup(s) made and verified and drilled, 0 pruned", run.Outcome);
        var stored = Assert.Single(await sp.GetRequiredService<BackupStore>().ListAsync(Target));
        Assert.Equal(("yes", true), (stored.Verified, stored.Pinned));
        var manifest = await sp.GetRequiredService<BackupStore>().ReadManifestAsync(stored.Name);
        Assert.True(manifest!.LastRestoreDrill is { Passed: true }, manifest.LastRestoreDrill?.Message);
        var audit = await sp.GetRequiredService<AuditTrail>().ReadAsync(Tuesday.AddHours(-1), Tuesday.AddHours(1));
        Assert.Contains(audit, r => r.Operation == "backup.drill" && r.Target == Target && r.Actor == "timer:backup" && r.Outcome == "succeeded");
        Assert.Empty(await ScratchDatabasesAsync());
    }

    [Fact]
    public async Task A_mysql_backup_is_drilled_by_the_timer_and_its_scratch_database_dropped()
    {
        var settings = ShopFixture.ShopTarget(0, "maria", "MySql", services.MariaDbShop);
        settings["Runbook:Backups:Container"] = _container;
        settings["Runbook:Backups:RestoreDrill"] = "true";
        await using var sp = services.BuildServices(s => s.AddSingleton<TimeProvider>(_clock), settings);

        var run = await sp.GetRequiredService<ScheduledJobRunner>().RunAsync(JobSchedules.Backup, isPastDue: false);

        Assert.True(run.Ran);
        var stored = Assert.Single(await sp.GetRequiredService<BackupStore>().ListAsync("maria"));
        var manifest = (await sp.GetRequiredService<BackupStore>().ReadManifestAsync(stored.Name))!;
        Assert.True(manifest.LastRestoreDrill is { Passed: true }, manifest.LastRestoreDrill?.Message);
        Assert.Contains("rows match the manifest (row counts and content checksums)", manifest.LastRestoreDrill!.Message, StringComparison.Ordinal);
        Assert.All(manifest.Tables, t => Assert.StartsWith("xxh3-sum:", t.Checksum, StringComparison.Ordinal));
        Assert.Equal(0L, await MariaDbScratchCountAsync());
    }

    // The backups container, whose dump streams run `first` before their first read (the backup job's verification does
    // not read through it: only OpenReadAsync after the first call does, which is the drill's restore).
    private sealed class CancellingStore(IServiceProvider services, Func<Task> first) : BackupStore(services.GetRequiredService<RunbookBlobService>(), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BackupOptions>>())
    {
        private int _opened;

        public override async Task<(Stream Content, IDictionary<string, string> Metadata, long Length)> OpenReadAsync(string dumpName, CancellationToken cancellationToken = default)
        {
            var (content, metadata, length) = await base.OpenReadAsync(dumpName, cancellationToken);
            return Interlocked.Increment(ref _opened) == 2 ? (new FirstReadStream(content, first), metadata, length) : (content, metadata, length);
        }
    }

    private sealed class FirstReadStream(Stream inner, Func<Task> first) : Stream
    {
        private Func<Task>? _first = first;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _first, null) is { } run)
            {
                await run();
            }

            return await inner.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    // Replaces the stored SQL (uncompressed, edited, compressed again) and makes the metadata and the manifest agree with it.
    private async Task RewriteAsync(ServiceProvider sp, string name, Func<string, string> edit)
    {
        var store = sp.GetRequiredService<BackupStore>();
        var manifest = (await store.ReadManifestAsync(name))!;
        var blob = Container.GetBlobClient(name);
        var properties = (await blob.GetPropertiesAsync()).Value;
        var tags = (await blob.GetTagsAsync()).Value.Tags;
        string sql;
        await using (var download = await blob.OpenReadAsync())
        await using (var decompressed = BackupCompressionStreams.Decompress(download, manifest.Compression))
        using (var reader = new StreamReader(decompressed, Encoding.UTF8))
        {
            sql = edit(await reader.ReadToEndAsync());
        }

        var output = new MemoryStream();
        await using (var compressed = BackupCompressionStreams.Compress(output, manifest.Compression, 1))
        {
            await compressed.WriteAsync(Encoding.UTF8.GetBytes(sql));
        }

        var bytes = output.ToArray();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var metadata = new Dictionary<string, string>(properties.Metadata) { [BackupNames.Sha256Metadata] = sha256 };
        await blob.UploadAsync(new MemoryStream(bytes), new BlobUploadOptions { Metadata = metadata, Tags = tags });
        await store.WriteManifestAsync(manifest with { Sha256 = sha256, SizeBytes = bytes.Length, SqlBytes = Encoding.UTF8.GetByteCount(sql) }, tags);
    }

    private async Task<List<string>> ScratchDatabasesAsync()
    {
        await using var connection = new NpgsqlConnection(services.Postgres.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE 'runbook\\_drill\\_{Target}\\_%' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<long> MariaDbScratchCountAsync()
    {
        await using var connection = new MySqlConnector.MySqlConnection(services.MariaDbShop);
        await connection.OpenAsync();
        await using var command = new MySqlConnector.MySqlCommand("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'runbook\\_drill\\_maria\\_%'", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
