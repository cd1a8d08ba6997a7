namespace SocialFlow.ApiHost.Tests.OpenApi;

/// <summary>
/// Tests that read what the rest of the suite did. xunit runs collections that disable parallelization after all the
/// parallel ones have finished, so by then every other test host has recorded its responses.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContractCollection
{
    public const string Name = "contract";
}
