global using Xunit;
global using SocialFlow.Testing;
global using SocialFlow.Testing.Cluster;
