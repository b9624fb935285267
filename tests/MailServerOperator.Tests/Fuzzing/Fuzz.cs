using CsCheck;

namespace MailServerOperator.Tests.Fuzzing;

/// <summary>
/// Runs a property over generated cases, reproducibly: the cases come from a fixed master seed, so every run checks the
/// same inputs, and a failure names the CsCheck seed of its case. <c>MAILSERVER_FUZZ_SEED=SEED</c> replays that case with
/// CsCheck's shrinking (to the smallest input that still fails); <c>MAILSERVER_FUZZ_SEED=random</c> explores new cases.
/// </summary>
internal static class Fuzz
{
    public const int Iterations = 3_000;

    private const ulong MasterSeed = 0x6d61696c73686172; // "mailshar"

    private static readonly string? Requested = Environment.GetEnvironmentVariable("MAILSERVER_FUZZ_SEED");

    public static void Check<T>(Gen<T> gen, Action<T> property, Func<T, string>? print = null)
    {
        if (!string.IsNullOrEmpty(Requested))
        {
            gen.Sample(property, seed: Requested == "random" ? null : Requested, iter: Iterations, print: print);
            return;
        }

        var master = new PCG(1, MasterSeed);
        for (var i = 0; i < Iterations; i++)
        {
            var pcg = new PCG(master.Next() | 1, master.Next64());
            var seed = pcg.ToString();
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                property(value);
            }
            catch (Exception exception)
            {
                throw new FuzzCaseFailedException(
                    $"case {i} failed; replay (and shrink) it with MAILSERVER_FUZZ_SEED={seed}\n{print?.Invoke(value) ?? value?.ToString()}",
                    exception);
            }
        }
    }
}
