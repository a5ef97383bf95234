using System.Security.Cryptography;
using System.Text;

namespace Runbook.Audit;

/// <summary>The hash chain of the audit trail: each line names the SHA-256 of the line before it.</summary>
public static class AuditChain
{
    /// <summary>What the first line of a trail points back to.</summary>
    public static readonly string Origin = new('0', 64);

    /// <summary>The SHA-256 of one line (its UTF-8 bytes, without the newline), in lower-case hex.</summary>
    public static string Hash(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
}
