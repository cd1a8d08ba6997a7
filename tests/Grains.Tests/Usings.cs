global using Xunit;
global using SocialFlow.Grains.Tests.Infrastructure;
global using SocialFlow.Testing;
