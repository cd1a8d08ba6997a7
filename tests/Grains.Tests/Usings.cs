global using SocialFlow.Grains.Interfaces;
global using SocialFlow.Grains.Tests.Infrastructure;
global using SocialFlow.Testing;
global using Xunit;
