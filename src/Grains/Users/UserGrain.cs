using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Security;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Live;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Users;

/// <summary>
/// One account. Credentials and sessions live in PostgreSQL tables (written here, read back on activation);
/// profile, preferences and counts are this grain's persistent state.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", "users")] IPersistentState<UserState> state,
    AccountStore store,
    AccountStandings standings,
    LiveStreamStore liveStreams,
    ProfileCountsReadModel contentCounts,
    IOptions<AccountOptions> options,
    TimeProvider clock) : Grain, IUserGrain, ILifecycleParticipant<IGrainLifecycle>
{
    private readonly AccountOptions _options = options.Value;
    private AccountRow? _account;
    private HashSet<Guid>? _activeSessions;

    private Task<(AccountRow? Account, HashSet<Guid> ActiveSessions)>? _loading;

    private Guid UserId => this.GetPrimaryKey();

    /// <summary>Starts reading the account and its sessions before Orleans reads the profile state (its SetupState
    /// stage), so an activation waits for one round trip, not two in a row.</summary>
    public void Participate(IGrainLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(UserGrain), GrainLifecycleStage.First, _ =>
        {
            _loading = store.LoadAsync(UserId);
            return Task.CompletedTask;
        });

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_account, var sessions) = await (_loading ?? store.LoadAsync(UserId));
        _loading = null;
        if (_account is not null) _activeSessions = sessions;
        if (_account is not null && !state.State.Initialized)
        {
            // The account row committed but the profile write did not: derive the profile again.
            await InitializeProfileAsync(_account.Username);
        }
        else if (_account is not null && _account.DisplayName != state.State.DisplayName)
        {
            // Accounts made before accounts.display_name existed, or a profile write whose copy did not commit.
            await store.SetDisplayNameAsync(UserId, state.State.DisplayName);
        }
    }

    public async Task<RegisterOutcome> RegisterAsync(RegisterCommand command)
    {
        if (_account is not null) return RegisterOutcome.AlreadyExists;
        var account = new AccountRow
        {
            Id = UserId,
            Email = command.Email,
            Username = command.Username,
            PasswordHash = await PasswordHasher.HashAsync(command.Password),
            CreatedAt = clock.GetUtcNow(),
        };
        var verifyToken = OpaqueToken.Create(UserId);
        var outcome = await store.InsertAsync(account, verifyToken.Hash(), _options.VerificationTokenLifetime,
            AccountEmails.Verification(account, _options.PublicBaseUrl, verifyToken.Value));
        if (outcome != RegisterOutcome.Created) return outcome;

        _account = account;
        await InitializeProfileAsync(command.DisplayName ?? command.Username);
        return outcome;
    }

    /// <summary>Null also while the account is suspended: its profile is hidden from everyone else.</summary>
    public async Task<PublicProfile?> GetPublicProfileAsync() =>
        _account is null || Suspended(_account) ? null : PublicView(_account, await CountsAsync());

    public Task<string?> GetUsernameAsync() => Task.FromResult(_account?.Username);

    public async Task<PrivateProfile?> GetPrivateProfileAsync() =>
        _account is null ? null : PrivateView(_account, await CountsAsync());

    public async Task<PrivateProfile> UpdateProfileAsync(ProfilePatch patch)
    {
        var account = RequireAccount();
        var s = state.State;
        if (patch.DisplayName is not null) s.DisplayName = patch.DisplayName;
        if (patch.Bio is not null) s.Bio = patch.Bio.Length == 0 ? null : patch.Bio;
        if (patch.AvatarUrl is not null) s.AvatarUrl = patch.AvatarUrl.Length == 0 ? null : patch.AvatarUrl;
        if (patch.Links is not null) s.Links = [.. patch.Links];
        if (patch.Locale is not null) s.Locale = patch.Locale.Length == 0 ? null : patch.Locale;
        await state.WriteStateAsync();
        if (patch.DisplayName is not null) await store.SetDisplayNameAsync(UserId, s.DisplayName);
        return PrivateView(account, await CountsAsync());
    }

    public Task<UserPreferences> GetPreferencesAsync()
    {
        RequireAccount();
        return Task.FromResult(state.State.Preferences);
    }

    public async Task<UserPreferences> SetPreferencesAsync(UserPreferences preferences)
    {
        RequireAccount();
        state.State.Preferences = preferences;
        await state.WriteStateAsync();
        return preferences;
    }

    private async Task InitializeProfileAsync(string displayName)
    {
        state.State.DisplayName = displayName;
        state.State.Initialized = true;
        await state.WriteStateAsync();
        await store.SetDisplayNameAsync(UserId, displayName);
    }

    private AccountRow RequireAccount() =>
        _account ?? throw new InvalidOperationException($"User {UserId} does not exist.");

    /// <summary>
    /// Video and post counts are counted in PostgreSQL (public items only, so they reveal nothing private); follower
    /// and following counts come exact from the account's graph grain (memory; the call interleaves with its writes).
    /// </summary>
    private async Task<UserCounts> CountsAsync()
    {
        var graph = GrainFactory.Ref<ISocialGraphGrain>(UserId).GetCountsAsync();
        var (videos, posts) = await contentCounts.CountPublicContentAsync(UserId);
        var follows = await graph;
        return new UserCounts(follows.Followers, follows.Following, videos, posts);
    }

    private PublicProfile PublicView(AccountRow account, UserCounts counts) => new(
        account.Id, account.Username, state.State.DisplayName, state.State.Bio, state.State.AvatarUrl,
        state.State.Links, counts, account.CreatedAt);

    private PrivateProfile PrivateView(AccountRow account, UserCounts content) => new(
        PublicView(account, content), account.Email, account.EmailVerified, state.State.Locale,
        account.TotpSecret is not null, account.Roles);
}
