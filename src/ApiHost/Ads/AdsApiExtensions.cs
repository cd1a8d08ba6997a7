namespace SocialFlow.ApiHost.Ads;

public static class AdsApiExtensions
{
    /// <summary>What the API host needs for ads: the token signer and the reader of targeting facts from requests.</summary>
    public static WebApplicationBuilder AddSocialFlowAdsApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdRequestOptions>().BindConfiguration(AdRequestOptions.Section);
        builder.Services.AddSingleton<AdTokens>();
        builder.Services.AddSingleton<AdRequestReader>();
        return builder;
    }
}
