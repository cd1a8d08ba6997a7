using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Throttling;

namespace SocialFlow.ApiHost.Auth;

public sealed class ThrottleOptions
{
    public const string Section = "SocialFlow:Throttle";

    [Range(1, 100_000)] public int LoginAttemptsPerIp { get; set; } = 30;
    [Range(1, 1000)] public int FailedLoginsPerAccount { get; set; } = 5;
    [Range(1, 1000)] public int PasswordEmailsPerAddress { get; set; } = 3;
    [Range(1, 100_000)] public int RegistrationsPerIp { get; set; } = 20;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Cluster-wide throttles for sign-in and password emails. Failed sign-ins count per account, whichever of its
/// names (username or email) was typed; a login that names no account counts under its own text, so the answers
/// do not reveal which accounts exist.
/// </summary>
public sealed class LoginThrottle(IGrainFactory grains, IOptions<ThrottleOptions> options)
{
    private ThrottleOptions O => options.Value;

    public Task<ThrottleDecision> LoginAttemptAsync(string? ip) =>
        Grain("login-ip", ip ?? "unknown").TryAcquireAsync(O.LoginAttemptsPerIp, O.Window);

    public Task<ThrottleDecision> AccountLockedAsync(Guid? accountId, string login) =>
        Failures(accountId, login).CheckAsync(O.FailedLoginsPerAccount, O.Window);

    public Task RecordFailureAsync(Guid? accountId, string login) => Failures(accountId, login).RecordAsync();

    public Task ResetFailuresAsync(Guid accountId) => AccountFailures(accountId).ResetAsync();

    public Task<ThrottleDecision> PasswordEmailAsync(string email) =>
        Grain("password-email", email.ToLowerInvariant()).TryAcquireAsync(O.PasswordEmailsPerAddress, O.Window);

    public Task<ThrottleDecision> ResetAttemptAsync(string userKey) =>
        Grain("password-reset", userKey).TryAcquireAsync(O.FailedLoginsPerAccount, O.Window);

    public Task<ThrottleDecision> RegistrationAsync(string? ip) =>
        Grain("register-ip", ip ?? "unknown").TryAcquireAsync(O.RegistrationsPerIp, O.Window);

    private IThrottleGrain Failures(Guid? accountId, string login) =>
        accountId is { } id ? AccountFailures(id) : Grain("login-fail", login.ToLowerInvariant());

    private IThrottleGrain AccountFailures(Guid accountId) => Grain("login-fail-account", accountId.ToString("N"));

    private IThrottleGrain Grain(string kind, string key) => grains.Ref<IThrottleGrain>($"{kind}:{key}");
}
