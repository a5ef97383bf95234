using System.Globalization;
using System.IO.Hashing;

namespace Runbook.Backups;

/// <summary>
/// One table's content checksum as a manifest records it (<see cref="DumpedTable.Checksum"/>): the XXH3-64 of each row's
/// text as the dump writes it (UTF-8, without the row's separator), added up with wrap-around. A sum does not depend on
/// the rows' order, which a restored table need not keep, while a changed, missing or extra row changes it. Rows are fed
/// in the pieces the dump's buffer holds them in: a row split across pieces hashes the same as a whole one.
/// </summary>
public sealed class TableChecksum
{
    /// <summary>What <see cref="Value"/> starts with: the algorithm, so that another one is never compared with it.</summary>
    public const string Algorithm = "xxh3-sum";

    private readonly XxHash3 _split = new();
    private bool _pending;
    private ulong _sum;

    /// <summary>Rows ended so far.</summary>
    public long Rows { get; private set; }

    /// <summary><c>xxh3-sum:</c> and the sum as 16 lowercase hex digits.</summary>
    public string Value => string.Create(CultureInfo.InvariantCulture, $"{Algorithm}:{_sum:x16}");

    /// <summary>A piece of a row whose end is still to come.</summary>
    public void AppendPart(ReadOnlySpan<byte> part)
    {
        if (!part.IsEmpty)
        {
            _split.Append(part);
            _pending = true;
        }
    }

    /// <summary>The last (or only) piece of a row.</summary>
    public void EndRow(ReadOnlySpan<byte> last)
    {
        ulong hash;
        if (_pending)
        {
            // XXH3's streaming form gives the one-shot form's value: a row split by a buffer boundary counts the same.
            _split.Append(last);
            hash = _split.GetCurrentHashAsUInt64();
            _split.Reset();
            _pending = false;
        }
        else
        {
            hash = XxHash3.HashToUInt64(last);
        }

        _sum = unchecked(_sum + hash);
        Rows++;
    }

    /// <summary>Rows that each end with a line feed (PostgreSQL's COPY text); an unfinished last line waits for its end.</summary>
    public void AppendLines(ReadOnlySpan<byte> bytes)
    {
        int end;
        while ((end = bytes.IndexOf((byte)'\n')) >= 0)
        {
            EndRow(bytes[..end]);
            bytes = bytes[(end + 1)..];
        }

        AppendPart(bytes);
    }
}
