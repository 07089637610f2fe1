namespace Pipeline.Ingest.Transcripts;

/// <summary>Configuration section <c>Transcripts</c>: which speaker labels mean agent and which mean customer.</summary>
public sealed class TranscriptOptions
{
    public const string Section = "Transcripts";

    /// <summary>Labels (case-insensitive) of agent turns: "Agent:" lines, &lt;v Agent&gt; voices, JSON speaker roles.</summary>
    public List<string> AgentLabels { get; set; } = ["Agent", "Representative", "Rep", "Operator", "Оператор", "Агент", "客服", "坐席", "接线员"];

    /// <summary>Labels (case-insensitive) of customer turns.</summary>
    public List<string> CustomerLabels { get; set; } = ["Customer", "Caller", "Client", "Клиент", "Абонент", "客户", "顾客", "来电者", "用户"];

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AgentLabels.Count == 0)
        {
            errors.Add($"{Section}:AgentLabels must name at least one label");
        }

        if (CustomerLabels.Count == 0)
        {
            errors.Add($"{Section}:CustomerLabels must name at least one label");
        }

        var both = AgentLabels.Intersect(CustomerLabels, StringComparer.OrdinalIgnoreCase).ToList();
        if (both.Count > 0)
        {
            errors.Add($"{Section}: '{string.Join("', '", both)}' is both an agent and a customer label");
        }

        return errors;
    }

    /// <summary>The role of a label, or <c>null</c> when it is neither an agent nor a customer label.</summary>
    public Core.Speaker? RoleOf(string label)
    {
        var trimmed = label.Trim();
        if (CustomerLabels.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return Core.Speaker.Customer;
        }

        return AgentLabels.Contains(trimmed, StringComparer.OrdinalIgnoreCase) ? Core.Speaker.Agent : null;
    }
}
