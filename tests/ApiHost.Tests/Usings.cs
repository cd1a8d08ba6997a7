global using SocialFlow.Testing;
global using Xunit;
