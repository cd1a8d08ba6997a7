using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SocialFlow.Silo.Hosting;

/// <summary>Binds an options section, validates it at start-up, and names the bad key when it fails.</summary>
public static class RequiredOptions
{
    /// <summary>Registers the options for DI (validated on start) and returns the bound, validated value for wiring now.</summary>
    public static T Bind<T>(IServiceCollection services, IConfiguration configuration, string section) where T : class, new()
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return Read<T>(configuration, section);
    }

    /// <summary>The bound, validated value for wiring now, of options whose domain registers them for DI itself.</summary>
    public static T Read<T>(IConfiguration configuration, string section) where T : class, new()
    {
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException(section, typeof(T), [$"{section}: {e.Message}"]);
        }
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            var failures = results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
            throw new OptionsValidationException(section, typeof(T), failures);
        }
        return value;
    }
}
