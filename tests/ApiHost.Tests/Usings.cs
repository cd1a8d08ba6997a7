global using SocialFlow.Grains.Interfaces;
global using SocialFlow.Testing;
global using Xunit;
