#!/usr/bin/python3
"""The Python pipeline a data scientist writes, for issue 11's comparison (BENCHMARKS.md).

One process, the same three judgements on the same CSV: VADER (NLTK's SentimentIntensityAnalyzer on the
shipped VADER lexicon), gensim LDA inference (a model fitted first, untimed, on the first 2,000 texts with
the same number of topics as ours) and a regex scan with the shipped English anger lexicon. Prints the
narratives per second of the timed part (reading the CSV included, fitting not).

Needs Debian's python3-nltk and python3-gensim (apt-get install python3-nltk python3-gensim); run it with
/usr/bin/python3.

  /usr/bin/python3 tests/Pipeline.Benchmarks/python/pipeline.py CSV [--data data] [--topics 6]
"""
import argparse
import csv
import json
import re
import sys
import tempfile
import time

from gensim import corpora, models
from nltk.sentiment.vader import SentimentIntensityAnalyzer


def anger_pattern(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"^\s*//.*$", "", text, flags=re.M)  # the file is JSON with comments
    terms = json.loads(text)["terms"]
    parts = []
    for term in terms:
        words = term["pattern"].split()
        parts.append(r"\s+".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words))
    return re.compile(r"\b(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")\b", re.I)


def words(text, stop):
    return [w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in stop]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--data", default="data")
    parser.add_argument("--topics", type=int, default=6)
    args = parser.parse_args()

    csv.field_size_limit(sys.maxsize)
    # The shipped lexicon with its comment lines left out (NLTK reads word<TAB>valence lines only, and no
    # newline after the last).
    lines = [line.rstrip("\n") for line in open(f"{args.data}/lexicons/vader_lexicon.txt", encoding="utf-8")]
    lexicon = tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False)
    lexicon.write("\n".join(line for line in lines if len(line.strip().split("\t")) >= 2 and not line.startswith("#")))
    lexicon.close()
    vader = SentimentIntensityAnalyzer(lexicon_file="file:" + lexicon.name)
    anger = anger_pattern(f"{args.data}/lexicons/anger.en.json")
    stop = {line.split("#")[0].strip() for line in open(f"{args.data}/topics/stopwords.txt", encoding="utf-8")}

    # Untimed: fit the LDA the inference uses.
    with open(args.csv, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        sample = [row["Consumer complaint narrative"] for _, row in zip(range(2000), reader)]
    dictionary = corpora.Dictionary(words(t, stop) for t in sample)
    dictionary.filter_extremes(no_below=3, no_above=0.5)
    lda = models.LdaModel([dictionary.doc2bow(words(t, stop)) for t in sample], num_topics=args.topics,
                          id2word=dictionary, passes=2, random_state=1)

    started = time.perf_counter()
    count = negative = angry = 0
    topic_counts = [0] * args.topics
    with open(args.csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = row["Consumer complaint narrative"]
            if not text.strip():
                continue
            count += 1
            if vader.polarity_scores(text)["compound"] <= -0.05:
                negative += 1
            topics = lda.get_document_topics(dictionary.doc2bow(words(text, stop)))
            if topics:
                topic_counts[max(topics, key=lambda t: t[1])[0]] += 1
            if anger.search(text):
                angry += 1
    elapsed = time.perf_counter() - started
    print(f"python pipeline: {count:,} narratives in {elapsed:.1f} s, {count / elapsed:,.0f} narratives/s "
          f"(negative {negative:,}, with an anger term {angry:,}, topics {topic_counts})")


if __name__ == "__main__":
    main()
