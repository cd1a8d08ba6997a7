using System.Text;
using Geralt;

namespace SocialFlow.Grains.Infrastructure.Security;

/// <summary>Argon2id through libsodium: 19 MiB, 2 iterations, parallelism 1 (the OWASP minimum).</summary>
public static class PasswordHasher
{
    private const int Iterations = 2;
    private const int MemoryBytes = 19 * 1024 * 1024;

    // Verified against when the account does not exist, so both paths cost the same.
    private static readonly Lazy<string> DummyHash = new(() => Hash(Convert.ToHexString(RandomBytes(16))));

    public static string Hash(string password)
    {
        Span<char> encoded = stackalloc char[Argon2id.HashSize];
        Argon2id.ComputeHash(encoded, Encoding.UTF8.GetBytes(password), Iterations, MemoryBytes);
        return encoded.TrimEnd('\0').TrimEnd(' ').ToString();
    }

    public static bool Verify(string encodedHash, string password)
    {
        Span<char> padded = stackalloc char[Argon2id.HashSize];
        padded.Clear();
        if (encodedHash.Length >= padded.Length) return false;
        encodedHash.AsSpan().CopyTo(padded);
        try
        {
            return Argon2id.VerifyHash(padded, Encoding.UTF8.GetBytes(password));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Spends the same time as a real verification, then fails.</summary>
    public static bool VerifyAgainstNothing(string password)
    {
        Verify(DummyHash.Value, password);
        return false;
    }

    /// <summary>Runs the CPU-heavy hash off the grain scheduler.</summary>
    public static Task<string> HashAsync(string password) => Task.Run(() => Hash(password));
    public static Task<bool> VerifyAsync(string encodedHash, string password) => Task.Run(() => Verify(encodedHash, password));

    private static byte[] RandomBytes(int n) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(n);
}
