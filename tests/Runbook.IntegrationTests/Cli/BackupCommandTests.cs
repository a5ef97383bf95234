using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Runbook.Backups;
using Runbook.Testing;

namespace Runbook.IntegrationTests.Cli;

/// <summary><c>runbook backup create|list|verify|prune|drill</c> against PostgreSQL and Azurite, with their exit codes and bad inputs.</summary>
public sealed class BackupCommandTests(ShopFixture services) : IClassFixture<ShopFixture>
{
    private readonly string _container = "backups-" + Guid.NewGuid().ToString("N")[..12];

    private Dictionary<string, string?> Settings(bool twoTargets = false)
    {
        var settings = services.Settings(ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop));
        settings["Runbook:Backups:Container"] = _container;
        if (twoTargets)
        {
            foreach (var (key, value) in ShopFixture.ShopTarget(1, "other", "PostgreSql", services.PostgresShop))
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    [Fact]
    public async Task Create_list_verify_and_prune_a_stored_backup_and_fail_verification_with_exit_2_after_a_flipped_byte()
    {
        var (code, output, error) = await CliRunner.RunAsync(Settings(), "backup", "create", "--target", "shop", "--compression", "zstd", "--json");
        Assert.True(code == 0, error);
        var created = JsonDocument.Parse(output).RootElement[0];
        var name = created.GetProperty("location").GetString()!;
        Assert.EndsWith(".sql.zst", name, StringComparison.Ordinal);
        Assert.True(created.GetProperty("verification").GetProperty("passed").GetBoolean());

        (code, output, _) = await CliRunner.RunAsync(Settings(), "backup", "list");
        Assert.Equal(0, code);
        Assert.Contains(name, output, StringComparison.Ordinal);
        Assert.Contains("1 backup(s) in container " + _container, output, StringComparison.Ordinal);

        (code, output, _) = await CliRunner.RunAsync(Settings(), "backup", "verify");
        Assert.Equal(0, code);
        Assert.StartsWith($"verified {name}: SHA-256 ", output, StringComparison.Ordinal);

        (code, output, _) = await CliRunner.RunAsync(Settings(), "backup", "prune", "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains($"keep   {name}: the target's newest verified backup", output, StringComparison.Ordinal);
        Assert.Contains("0 would be deleted, 1 kept.", output, StringComparison.Ordinal);

        var blob = new BlobServiceClient(services.Azurite.ConnectionString).GetBlobContainerClient(_container).GetBlobClient(name);
        var properties = (await blob.GetPropertiesAsync()).Value;
        var tags = (await blob.GetTagsAsync()).Value.Tags;
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[bytes.Length / 2] ^= 0x01;
        await blob.UploadAsync(new MemoryStream(bytes), new BlobUploadOptions { Metadata = properties.Metadata, Tags = tags });

        (code, output, _) = await CliRunner.RunAsync(Settings(), "backup", "verify", name);
        Assert.Equal(2, code);
        Assert.StartsWith($"FAILED {name}: its SHA-256 is ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drill_restores_a_stored_backup_into_a_scratch_database_exits_0_and_exits_3_for_a_backup_that_does_not_exist()
    {
        var (code, output, error) = await CliRunner.RunAsync(Settings(), "backup", "create", "--target", "shop", "--json");
        Assert.True(code == 0, error);
        var name = JsonDocument.Parse(output).RootElement[0].GetProperty("location").GetString()!;

        (code, output, error) = await CliRunner.RunAsync(Settings(), "backup", "drill", name, "--json");
        Assert.True(code == 0, error);
        var drill = JsonDocument.Parse(output).RootElement;
        Assert.Equal(name, drill.GetProperty("backup").GetString());
        Assert.True(drill.GetProperty("passed").GetBoolean());
        Assert.Contains("row counts and content checksums", drill.GetProperty("message").GetString(), StringComparison.Ordinal);

        (code, output, _) = await CliRunner.RunAsync(Settings(), "backup", "drill", name);
        Assert.Equal(0, code);
        Assert.StartsWith($"drill passed {name}: ", output, StringComparison.Ordinal);

        var missing = name.Replace(".sql.gz", "-missing.sql.gz", StringComparison.Ordinal);
        (code, _, error) = await CliRunner.RunAsync(Settings(), "backup", "drill", missing);
        Assert.Equal(3, code);
        Assert.Contains($"There is no backup {missing} with a manifest", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_out_writes_a_local_file_that_verify_reads_by_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"runbook-cli-{Guid.NewGuid():N}.sql");
        try
        {
            var (code, output, error) = await CliRunner.RunAsync(Settings(), "backup", "create", "--target", "shop", "--out", path, "--compression", "none");
            Assert.True(code == 0, error);
            Assert.StartsWith($"shop: {path} (", output, StringComparison.Ordinal);
            Assert.EndsWith(BackupVerifier.CompleteMarker + "\n--\n", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

            (code, output, _) = await CliRunner.RunAsync(Settings(), "backup", "verify", path);
            Assert.Equal(0, code);
            Assert.StartsWith("verified ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
            File.Delete(BackupJob.ManifestPathOf(path));
        }
    }

    [Fact]
    public async Task Create_out_dash_pipes_the_dump_into_the_real_psql()
    {
        var config = Path.Combine(Path.GetTempPath(), $"runbook-pipe-{Guid.NewGuid():N}.json");
        var database = "piped_" + Guid.NewGuid().ToString("N")[..10];
        var restored = await services.Postgres.CreateDatabaseAsync(database);
        try
        {
            await File.WriteAllTextAsync(config, CliRunner.ToJson(Settings()));
            var pipeline = $"set -o pipefail; dotnet '{CliRunner.RunbookDll()}' backup create --target shop --out - --compression none --config '{config}' "
                + $"| psql -X -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p {services.Postgres.Port} -U postgres -d {database}";
            var log = await LocalProcess.RunAsync("bash", ["-c", pipeline], TimeSpan.FromMinutes(2));

            Assert.Contains("shop: - (", log, StringComparison.Ordinal);
            Assert.Equal(await PostgresCopies.ContentAsync(services.PostgresShop), await PostgresCopies.ContentAsync(restored));
        }
        finally
        {
            File.Delete(config);
        }
    }


    public static TheoryData<string[], int, string> BadInputs => new()
    {
        { ["backup", "create", "--out", "x.sql.gz"], 64, "--out writes one target: add --target NAME." },
        { ["backup", "create", "--target", "shop", "--compression", "rar"], 64, "rar" },
        { ["backup", "create", "--target", "nope"], 3, "nope" },
        { ["backup", "verify", "daily/shop/2026/01/01/shop-20260101T020000Z.sql.gz"], 3, "There is no backup named daily/shop/2026/01/01/shop-20260101T020000Z.sql.gz" },
        { ["backup", "verify", "--target", "other"], 3, "There is no backup of other in container" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_inputs_get_a_clear_message_and_their_exit_code_and_store_nothing(string[] args, int expected, string message)
    {
        var (code, output, error) = await CliRunner.RunAsync(Settings(twoTargets: true), args);

        Assert.Equal(expected, code);
        Assert.Contains(message, output + error, StringComparison.Ordinal);
        Assert.False(File.Exists("x.sql.gz"));
        var container = new BlobServiceClient(services.Azurite.ConnectionString).GetBlobContainerClient(_container);
        if (await container.ExistsAsync())
        {
            await foreach (var blob in container.GetBlobsAsync())
            {
                Assert.Fail($"{blob.Name} was stored");
            }
        }
    }

    [Fact]
    public async Task Without_storage_a_backup_says_to_configure_it_or_use_out()
    {
        var settings = ShopFixture.ShopTarget(0, "shop", "PostgreSql", services.PostgresShop);

        var (code, _, error) = await CliRunner.RunAsync(settings, "backup", "create", "--target", "shop");

        Assert.Equal(3, code);
        Assert.Contains("Runbook:Storage:ConnectionString", error, StringComparison.Ordinal);
        Assert.Contains("--out FILE", error, StringComparison.Ordinal);
    }
}
