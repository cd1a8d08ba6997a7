global using Xunit;
global using SocialFlow.Testing;
