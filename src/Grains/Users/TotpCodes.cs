using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace SocialFlow.Grains.Users;

/// <summary>RFC 6238 codes (SHA-1, 6 digits, 30 s) and single-use recovery codes.</summary>
public static class TotpCodes
{
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public static string OtpAuthUri(string secret, string username) =>
        $"otpauth://totp/SocialFlow:{Uri.EscapeDataString(username)}?secret={secret}&issuer=SocialFlow&algorithm=SHA1&digits=6&period=30";

    /// <summary>Accepts the current step and one either side, but never a step at or before <paramref name="lastUsedStep"/>.</summary>
    public static bool TryVerify(string secret, string code, long? lastUsedStep, out long step)
    {
        step = 0;
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) return false;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(code, out step, VerificationWindow.RfcSpecifiedNetworkDelay) && step > (lastUsedStep ?? -1);
    }

    public static List<string> NewRecoveryCodes(int count = 10) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var chars = RandomNumberGenerator.GetItems<char>(RecoveryAlphabet, 10);
            return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}";
        }).ToList();

    public static byte[] HashRecoveryCode(string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(code.Replace("-", "").Trim().ToLowerInvariant()));

    public static bool LooksLikeRecoveryCode(string code) => code.Replace("-", "").Trim().Length == 10;
}
