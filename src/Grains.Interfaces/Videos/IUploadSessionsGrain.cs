namespace SocialFlow.Grains.Interfaces.Videos;

/// <summary>Open upload sessions as the videos table lists them, for the API hosts' sweeper of staged uploads.</summary>
public interface IUploadSessionsGrain : IGrainWithIntegerKey
{
    /// <summary>Videos still taking uploads whose session has expired (at most <paramref name="limit"/>): each is to be expired by its grain.</summary>
    Task<IReadOnlyList<Guid>> ExpiredAsync(int limit);

    /// <summary>Those of <paramref name="videoIds"/> that still take uploads: their staged files must stay.</summary>
    Task<IReadOnlyList<Guid>> StillUploadingAsync(IReadOnlyList<Guid> videoIds);
}
