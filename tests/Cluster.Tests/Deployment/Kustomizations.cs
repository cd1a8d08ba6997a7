namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>Theory data: the base and every overlay must each satisfy the deployment checks.</summary>
public static class Kustomizations
{
    public static TheoryData<string> All => new() { DeployFiles.Base, DeployFiles.Production };

    public static TheoryData<string, string> AppsOfAll
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var k in new[] { DeployFiles.Base, DeployFiles.Production })
            {
                data.Add(k, RenderedManifests.Silo);
                data.Add(k, RenderedManifests.Api);
            }
            return data;
        }
    }
}
