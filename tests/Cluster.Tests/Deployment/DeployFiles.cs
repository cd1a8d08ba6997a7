using System.Collections.Concurrent;
using System.Diagnostics;

namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>The repository's deployment files, and the tools that render and validate them offline.</summary>
public static class DeployFiles
{
    public const string Base = "deploy/k8s/base";
    public const string Production = "deploy/k8s/overlays/production";
    public const string ValidatorScript = "tools/k8s-validate/validate.mjs";

    private static readonly ConcurrentDictionary<string, Lazy<RenderedManifests>> Rendered = new();

    public static string Root => Repository.Root;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>`kubectl kustomize` of a kustomization folder, parsed; rendered once per test run.</summary>
    public static RenderedManifests Render(string kustomization) =>
        Rendered.GetOrAdd(kustomization, k => new Lazy<RenderedManifests>(() =>
        {
            var (exit, output, error) = Run("kubectl", ["kustomize", PathOf(k)]);
            Assert.True(exit == 0, $"kubectl kustomize {k} failed ({exit}): {error}");
            return new RenderedManifests(k, output, YamlDocuments.Parse(output));
        })).Value;

    /// <summary>Runs the offline schema validator (tools/k8s-validate) over YAML text.</summary>
    public static (int Exit, string Output) Validate(string yaml)
    {
        Assert.True(Directory.Exists(PathOf("tools/k8s-validate/node_modules")),
            "tools/k8s-validate has no node_modules: run scripts/deploy-tools.sh (scripts/test.sh does)");
        var (exit, output, error) = Run("node", [PathOf(ValidatorScript)], yaml);
        return (exit, output + error);
    }

    public static (int Exit, string Output, string Error) Run(string program, IReadOnlyList<string> args, string? input = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            WorkingDirectory = Root,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{program} is not installed ({e.Message}); scripts/deploy-tools.sh says what the deployment tests need", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', args)} ran over 60 s");
            }
            return (process.ExitCode, output.Result, error.Result);
        }
    }
}
