global using Xunit;
global using SocialFlow.Grains.Tests.Infrastructure;
