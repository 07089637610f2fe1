using System.Text;

namespace Pipeline.Tests.Support;

/// <summary>Writes a folder holding one of each kind of bad input the ingest must survive, plus one good file.</summary>
public static class BadInputs
{
    public const string CsvHeader = "Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response,Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company,Company response to consumer,Timely response?,Consumer disputed?,Complaint ID\n";

    public static string CsvRow(string id, string date = "2019-09-24", string narrative = "\"They call me at work.\"") =>
        $"{date},Debt collection,I do not know,Communication tactics,Frequent or repeated calls,{narrative},,SOME COLLECTOR,FL,335XX,,Consent provided,Web,2019-09-24,Closed with explanation,Yes,N/A,{id}\n";

    /// <summary>The files written, by name, with the reason text each must be quarantined (or refused) with.</summary>
    public static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>
    {
        ["truncated.csv"] = "expected 18 fields, found 4",
        ["wrong-columns.csv"] = "expected 18 fields, found 19",
        ["unbalanced-quote.csv"] = "unbalanced quote",
        ["bad-date.csv"] = "does not match the date format",
        ["invalid-mime.eml"] = "invalid MIME message",
        ["empty-body.eml"] = "empty",
        ["no-labels.txt"] = "no speaker labels",
        ["binary.csv"] = "binary file",
    };

    public static string Write(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "good.csv"), CsvHeader + CsvRow("101") + CsvRow("102", narrative: "\"Reach me at jane.doe@example.com or (555) 123-4567.\""));
        File.WriteAllText(Path.Combine(dir, "truncated.csv"), CsvHeader + CsvRow("201") + "2019-09-25,Debt collection,I do not know,Attempts");
        File.WriteAllText(Path.Combine(dir, "wrong-columns.csv"), CsvHeader + CsvRow("301").Replace("FL,335XX", "FL,extra,335XX", StringComparison.Ordinal) + CsvRow("302"));
        File.WriteAllText(Path.Combine(dir, "unbalanced-quote.csv"), CsvHeader + CsvRow("401") + CsvRow("402", narrative: "\"never closed; call 555-123-4567"));
        File.WriteAllText(Path.Combine(dir, "bad-date.csv"), CsvHeader + CsvRow("501", date: "2019-02-30") + CsvRow("502"));
        File.WriteAllText(Path.Combine(dir, "invalid-mime.eml"), "this is not an e-mail at all\njust words\n");
        File.WriteAllText(Path.Combine(dir, "empty-body.eml"),
            "From: a@example.com\nTo: care@bank.example\nSubject: hi\nDate: Tue, 04 Jun 2019 14:41:00 -0400\nMessage-ID: <e@example.com>\nContent-Type: text/plain\n\n\n");
        File.WriteAllText(Path.Combine(dir, "no-labels.txt"), "Date: 2019-10-02T10:00:00Z\n\nhello how can i help\nmy card was charged twice\n");
        var binary = new byte[4096];
        new Random(7).NextBytes(binary);
        binary[10] = 0;
        File.WriteAllBytes(Path.Combine(dir, "binary.csv"), [.. Encoding.ASCII.GetBytes("\u0089PNG\r\n"), .. binary]);
        return dir;
    }
}
