using System.CommandLine;
using System.Globalization;
using Pipeline.Models.Anger;
using Pipeline.Models.Evaluation;
using Pipeline.Models.Sentiment;

namespace Pipeline.Cli.Commands;

/// <summary><c>train anger [--data FILE [--text-column C] [--label-column C]] [--language en] [--min-precision 0.8] [--out DIR]</c></summary>
public static class TrainAngerCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "A CSV or TSV with a 0/1 anger label (default: the language's shipped emotion data: GoEmotions and XED for en, CEDR and XED for ru, XED for zh)." };
        var textColumn = new Option<string>("--text-column") { Description = "Column with the text.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Column with the 0/1 anger label.", DefaultValueFactory = _ => "label" };
        var language = new Option<string>("--language") { Description = "Language of the texts: the curated lexicon the learned terms add to.", DefaultValueFactory = _ => "en" };
        var minPrecision = new Option<double>("--min-precision") { Description = "The \"high\" threshold is the lowest whose precision on the data reaches this.", DefaultValueFactory = _ => 0.8 };
        minPrecision.Validators.Add(r =>
        {
            if (r.GetValue(minPrecision) is <= 0 or > 1)
            {
                r.AddError("--min-precision must be in (0, 1].");
            }
        });
        var output = new Option<string>("--out") { Description = "Model folder: anger.<language>.learned.json and anger-model.json.", DefaultValueFactory = _ => "models/anger" };
        var command = new Command("anger", "Learn anger terms and thresholds from labelled texts into a model folder that score (Anger:ModelDirectory) and evaluate anger --model use.")
        {
            data, textColumn, labelColumn, language, minPrecision, output,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, cancellationToken, async (environment, ct) =>
        {
            var lang = result.GetValue(language)!;
            // The learned terms add to the curated file alone, never to earlier learned ones.
            var curatedPath = Path.Combine(environment.Settings.Anger.LexiconDirectory, $"anger.{lang}.json");
            var curated = File.Exists(curatedPath)
                ? AngerLexicon.Load(curatedPath)
                : throw new ConfigurationException($"--language {lang}: there is no anger.{lang}.json in {environment.Settings.Anger.LexiconDirectory}.");

            IReadOnlyList<(string Text, bool Angry)> rows;
            int skipped = 0;
            string trainedOn, hash;
            if (result.GetValue(data) is { } path)
            {
                if (!File.Exists(path))
                {
                    throw new ConfigurationException($"--data '{path}' does not exist.");
                }

                var list = new List<(string, bool)>();
                await foreach (var row in LabelledTextFile.ReadAsync(path, result.GetValue(textColumn)!, result.GetValue(labelColumn)!, ct).ConfigureAwait(false))
                {
                    if (BinaryMetrics.ParseLabel(row.Label) is { } angry && row.Text.Trim().Length > 0)
                    {
                        list.Add((row.Text, angry));
                    }
                    else
                    {
                        skipped++;
                    }
                }

                (rows, trainedOn, hash) = (list, Path.GetFileName(path), SentimentTrainingData.HashFiles([path]));
            }
            else
            {
                var directory = environment.Settings.Sentiment.TrainingDataDirectory;
                rows = Models.Anger.AngerTraining.LoadShipped(directory, lang);
                trainedOn = Models.Anger.AngerTraining.ShippedDescription(lang);
                hash = SentimentTrainingData.HashFiles(Models.Anger.AngerTraining.ShippedFiles(directory, lang));
            }

            var outDirectory = result.GetValue(output)!;
            var model = await Task.Run(() => Models.Anger.AngerTraining.Train(rows, skipped, lang, curated, environment.Settings.Anger, result.GetValue(minPrecision), trainedOn, hash, outDirectory), ct).ConfigureAwait(false);
            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"""
                anger model ({lang}) from {model.TrainedOn}: {model.Rows:N0} rows ({model.AngryRows:N0} angry){(skipped > 0 ? $", {skipped:N0} skipped (label not 0/1 or no text)" : string.Empty)}, data {model.DataHash[..12]}
                {model.LearnedTerms} learned terms; thresholds watch {model.WatchThreshold}, high {model.HighThreshold}, critical {model.CriticalThreshold} (precision {model.Precision:0.000}, recall {model.Recall:0.000} at ≥ high on this data; target {model.MinPrecision})
                wrote {Path.Combine(outDirectory, AngerLexicon.LearnedFileName(lang))} and {Path.Combine(outDirectory, AngerModelFile.FileName)}
                """)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
