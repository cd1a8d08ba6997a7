global using SocialFlow.Grains.Interfaces;
global using SocialFlow.Testing;
global using SocialFlow.Testing.Cluster;
global using Xunit;
