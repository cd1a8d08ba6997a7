using Orleans.TestingHost;
using SocialFlow.Silo.Hosting;

namespace SocialFlow.Grains.Tests.Infrastructure;

/// <summary>
/// Wires a TestCluster silo the way production does (SiloHostingExtensions), minus clustering, which the
/// TestCluster provides. Settings come from the cluster's configuration (<see cref="TestClusters.StartAsync"/>).
/// Here the migrations hosted service lands after Orleans' own, so fixtures migrate the database before deploying.
/// </summary>
public sealed class SocialFlowSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var postgres = siloBuilder.Services.AddSocialFlowSiloServices(siloBuilder.Configuration);
        siloBuilder.AddSocialFlowStorage(postgres);
    }
}
