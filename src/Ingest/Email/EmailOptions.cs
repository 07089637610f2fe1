using System.ComponentModel.DataAnnotations;

namespace Pipeline.Ingest.Email;

/// <summary>Configuration section <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Regex on the subject whose group <c>id</c> (or first group) is the ticket id, e.g. <c>\[#(?&lt;id&gt;\d+)\]</c>.</summary>
    [Required]
    public string TicketSubjectPattern { get; set; } = @"\[#(?<id>\d+)\]";

    /// <summary>Header that carries the ticket id; wins over the subject when both are present.</summary>
    public string TicketHeader { get; set; } = "X-Ticket-ID";
}
