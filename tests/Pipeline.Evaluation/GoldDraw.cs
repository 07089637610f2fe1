using System.Globalization;
using CsvHelper;
using Microsoft.Data.Sqlite;

namespace Pipeline.Evaluation;

/// <summary>
/// How the gold set's interactions were drawn: from the store the README's first command makes on the shipped
/// sample, every e-mail and every call (the sample holds few of them) and complaint narratives drawn at random
/// with a fixed seed up to <see cref="Size"/> in all. Writes the rows with empty labels for the team to fill in
/// by <c>data/gold/GUIDELINES.md</c>; the texts are as stored (redacted), which is what the models score.
/// </summary>
public static class GoldDraw
{
    public const int Size = 300;
    public const int Seed = 20261129;

    public static int Write(string store, string output)
    {
        if (!File.Exists(store))
        {
            throw new FileNotFoundException($"No store at {store}: run the README's first command, or pass --store FILE.");
        }

        var rows = new List<(string Id, string Channel, string Text)>();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store, Mode = SqliteOpenMode.ReadOnly }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, channel, text FROM interactions WHERE has_text = 1 ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var small = rows.Where(r => r.Channel != "complaint").ToList();
        var complaints = rows.Where(r => r.Channel == "complaint").ToList();
        var random = new Random(Seed);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(complaints));
        var drawn = small.Concat(complaints.Take(Size - small.Count)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(drawn));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var writer = new StreamWriter(output);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteField("id");
        csv.WriteField("channel");
        csv.WriteField("sentiment");
        csv.WriteField("angry");
        csv.WriteField("text");
        csv.NextRecord();
        foreach (var (id, channel, text) in drawn)
        {
            csv.WriteField(id);
            csv.WriteField(channel);
            csv.WriteField(string.Empty);
            csv.WriteField(string.Empty);
            csv.WriteField(text);
            csv.NextRecord();
        }

        return drawn.Count;
    }
}
