namespace SocialFlow.ApiHost.Auth.Oidc;

/// <summary>A sign-in step that failed in a way the caller is told about as a problem (status, code, detail).</summary>
public sealed class OidcException(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static OidcException Unavailable(string provider) =>
        new(503, "oidc_provider_unavailable", $"The sign-in provider '{provider}' cannot be reached or answered wrongly; retry shortly.");

    public static OidcException InvalidIdToken(string reason) =>
        new(401, "invalid_id_token", $"The provider's id_token was rejected: {reason}.");
}
