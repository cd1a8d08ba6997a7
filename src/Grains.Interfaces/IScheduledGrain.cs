namespace SocialFlow.Grains.Interfaces;

/// <summary>A singleton grain (key 0) that keeps an Orleans reminder; every silo asks it once started
/// (<c>AddReminderSchedule</c>).</summary>
public interface IScheduledGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the grain's reminder; registering it again changes nothing.</summary>
    Task EnsureScheduledAsync();
}
