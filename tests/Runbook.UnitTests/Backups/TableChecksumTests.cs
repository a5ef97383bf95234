using System.Text;
using Runbook.Backups;
using Runbook.Targets;

namespace Runbook.UnitTests.Backups;

/// <summary>
/// The per-table content checksum: independent of the rows' order and of where buffers split them, changed by one byte,
/// one row more or less; and how drills and verifications turn into the verified tag.
/// </summary>
public sealed class TableChecksumTests
{
    private static readonly string[] Rows = [.. Enumerable.Range(1, 500).Select(i => $"{i}\tcustomer {i % 97}\t{i * 7 % 1000}.50\t\\N")];

    private static string OfRows(IEnumerable<string> rows)
    {
        var checksum = new TableChecksum();
        foreach (var row in rows)
        {
            checksum.EndRow(Encoding.UTF8.GetBytes(row));
        }

        return checksum.Value;
    }

    // The rows as COPY text handed over in pieces of `piece` bytes, as the dump's buffer would.
    private static TableChecksum OfLines(IEnumerable<string> rows, int piece)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r + "\n")));
        var checksum = new TableChecksum();
        for (var at = 0; at < bytes.Length; at += piece)
        {
            checksum.AppendLines(bytes.AsSpan(at, Math.Min(piece, bytes.Length - at)));
        }

        return checksum;
    }

    [Fact]
    public void The_order_of_the_rows_does_not_change_it()
    {
        var shuffled = Rows.ToArray();
        new Random(7).Shuffle(shuffled);

        Assert.Equal(OfRows(Rows), OfRows(shuffled));
        Assert.Equal(OfRows(Rows), OfRows(Rows.Reverse()));
        Assert.Matches("^xxh3-sum:[0-9a-f]{16}$", OfRows(Rows));
    }

    [Fact]
    public void One_changed_byte_a_missing_row_or_a_duplicated_one_changes_it()
    {
        var changed = Rows.ToArray();
        changed[250] = changed[250].Replace("customer", "custoner", StringComparison.Ordinal);

        Assert.NotEqual(OfRows(Rows), OfRows(changed));
        Assert.NotEqual(OfRows(Rows), OfRows(Rows.Skip(1)));
        Assert.NotEqual(OfRows(Rows), OfRows(Rows.Append(Rows[0])));
        // Two rows whose values moved between them are other rows: a plain sum of bytes would miss this.
        Assert.NotEqual(OfRows(["1\tab", "2\tcd"]), OfRows(["1\tcd", "2\tab"]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Rows_split_across_pieces_hash_as_whole_rows(int piece)
    {
        var lines = OfLines(Rows, piece);

        Assert.Equal(Rows.Length, lines.Rows);
        Assert.Equal(OfRows(Rows), lines.Value);
    }

    [Fact]
    public void A_row_ended_in_parts_hashes_as_the_whole_row()
    {
        var row = Encoding.UTF8.GetBytes("(1,'a long enough row, with ünïcode, to be split anywhere',0x00FF)");
        var whole = new TableChecksum();
        whole.EndRow(row);

        for (var cut = 0; cut <= row.Length; cut++)
        {
            var parts = new TableChecksum();
            parts.AppendPart(row.AsSpan(0, cut));
            parts.EndRow(row.AsSpan(cut));
            Assert.Equal(whole.Value, parts.Value);
        }
    }

    [Fact]
    public void An_empty_table_has_no_rows_and_a_fixed_value()
    {
        Assert.Equal("xxh3-sum:0000000000000000", new TableChecksum().Value);
        Assert.Equal(0, new TableChecksum().Rows);
    }

    public static TheoryData<bool?, bool?, string> Tags => new()
    {
        { null, null, "no" },
        { true, null, "yes" },
        { false, null, "failed" },
        { true, false, "drill-failed" },
        { false, true, "failed" },
        { null, true, "yes" },
        { true, true, "yes" },
        { null, false, "drill-failed" },
    };

    [Theory]
    [MemberData(nameof(Tags))]
    public void A_failed_drill_makes_a_verified_backup_drill_failed(bool? verification, bool? drill, string tag)
    {
        var at = new DateTimeOffset(2026, 12, 8, 2, 0, 0, TimeSpan.Zero);
        var manifest = new BackupManifest
        {
            Target = "shop", Provider = DatabaseProvider.PostgreSql, ServerVersion = "15", Database = "shop", Dump = "d.sql", CreatedAt = at, Tier = BackupTier.Daily,
            SnapshotStartedAt = at, SnapshotEndedAt = at, Compression = BackupCompression.None, SizeBytes = 1, SqlBytes = 1, Sha256 = "x", Tables = [], RunbookVersion = "test",
            LastVerification = verification is { } v ? new BackupCheck(at, v, "v") : null,
            LastRestoreDrill = drill is { } d ? new BackupCheck(at, d, "d") : null,
        };

        Assert.Equal(tag, BackupNames.VerifiedValue(manifest));
        Assert.Equal("failed", BackupNames.VerifiedValue(null));
    }

    [Theory]
    [InlineData("shop", "runbook_drill_shop_20261208_020000")]
    [InlineData("Shop-EU west", "runbook_drill_shop_eu_west_20261208_020000")]
    [InlineData("a-very-long-target-name-that-goes-on-and-on-and-on", "runbook_drill_a_very_long_target_name_that_goes_20261208_020000")]
    public void Scratch_names_are_valid_database_names_of_at_most_63_characters(string target, string expected)
    {
        var name = BackupDrill.ScratchName(target, new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal(expected, name);
        Assert.InRange(name.Length, 1, 63);
    }
}
