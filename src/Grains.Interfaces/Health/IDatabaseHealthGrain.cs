namespace SocialFlow.Grains.Interfaces.Health;

/// <summary>The API host's readiness probe of the database, answered by whichever silo takes the call.</summary>
public interface IDatabaseHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Completes when the silo's database answers a trivial query; throws otherwise.</summary>
    Task CheckAsync();
}
