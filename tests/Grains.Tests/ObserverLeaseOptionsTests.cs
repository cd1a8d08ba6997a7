using System.ComponentModel.DataAnnotations;
using SocialFlow.Grains.Interfaces;

namespace SocialFlow.Grains.Tests;

public sealed class ObserverLeaseOptionsTests
{
    [Fact]
    public void Defaults_AreValid_SixtySecondLeaseRenewedEveryTwenty()
    {
        var options = new ObserverLeaseOptions();
        Assert.Empty(Validate(options));
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20)), (options.Lease, options.Renewal));
    }

    [Fact]
    public void Renewal_MoreThanHalfTheLease_FailsNamingTheKey()
    {
        var failures = Validate(new ObserverLeaseOptions { Lease = TimeSpan.FromSeconds(10), Renewal = TimeSpan.FromSeconds(6) });
        Assert.Contains(failures, f => f.ErrorMessage!.Contains("SocialFlow:ObserverLease:Renewal"));
    }

    private static List<ValidationResult> Validate(ObserverLeaseOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
