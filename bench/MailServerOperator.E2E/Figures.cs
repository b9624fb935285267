using System.Globalization;
using System.Text;

namespace MailServerOperator.E2E;

/// <summary>Every measured value by name, one per round; reported as medians, each operator figure next to its floor.</summary>
internal sealed class Figures
{
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void Add(string name, double value)
    {
        if (!_values.TryGetValue(name, out var values))
        {
            values = [];
            _values[name] = values;
            _order.Add(name);
        }

        values.Add(value);
        Console.WriteLine(FormattableString.Invariant($"e2e: {name} = {value:0.###}"));
    }

    public double? Median(string name)
    {
        if (!_values.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One line per figure, "figure: NAME = MEDIAN (rounds: a, b, c)"; a figure NAME with "NAME (floor)" gets a ratio line.</summary>
    public string Report()
    {
        var report = new StringBuilder();
        foreach (var name in _order)
        {
            var values = string.Join(", ", _values[name].Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)));
            report.AppendLine(CultureInfo.InvariantCulture, $"figure: {name} = {Median(name):0.###} (rounds: {values})");
            if (!name.EndsWith(" (floor)", StringComparison.Ordinal) && Median(name + " (floor)") is { } floor && floor > 0)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"ratio: {name} / floor = {Median(name) / floor:0.00}x");
            }
        }

        return report.ToString();
    }
}
