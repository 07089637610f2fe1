#!/usr/bin/env python3
"""Writes the DEV sets of the Russian and Chinese sentiment and anger evaluation as CSVs (BENCHMARKS.md, "Sentiment in
Russian and Chinese"). DEV data: for evaluation only; nothing written here goes into data/ or trains a shipped model.

usage: scripts/prepare_dev_sentiment_sets.py ../shared/data OUT_DIR
"""
import csv
import json
import os
import sys
import xml.etree.ElementTree as ET


def write(path, rows, header):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def main(shared, out):
    os.makedirs(out, exist_ok=True)
    # Chinese online shopping reviews (label 1 positive, 0 negative), whole and leaving each category out in turn.
    rows = list(csv.DictReader(open(os.path.join(shared, "zh/online-shopping-9-cats/online_shopping_9_cats_nohotel.csv"), encoding="utf-8-sig")))
    rows = [(r["review"].lstrip("\ufeff"), r["label"], r["cat"]) for r in rows if r["review"].strip()]
    write(os.path.join(out, "zh_shop.csv"), rows, ["review", "label", "cat"])
    cats = sorted(set(r[2] for r in rows))
    for i, cat in enumerate(cats):
        write(os.path.join(out, f"zh_shop_no_{i}.csv"), [r[:2] for r in rows if r[2] != cat], ["review", "label"])
        write(os.path.join(out, f"zh_shop_only_{i}.csv"), [r[:2] for r in rows if r[2] == cat], ["review", "label"])
    # CLUE emotion 2020 (Weibo): polarity (joy/like vs sadness/anger/disgust/fear; surprise left out) and anger (1) vs the rest.
    clue = [json.loads(line) for fn in ("test.jsonl", "valid.jsonl") for line in open(os.path.join(shared, "zh/clue-emotion2020", fn), encoding="utf-8")]
    polarity = {"happiness": 1, "like": 1, "sadness": 0, "anger": 0, "disgust": 0, "fear": 0}
    write(os.path.join(out, "zh_clue.csv"), [(j["content"], polarity[j["label"]]) for j in clue if j["label"] in polarity], ["text", "label"])
    write(os.path.join(out, "zh_clue_anger.csv"), [(j["content"], int(j["label"] == "anger")) for j in clue], ["text", "label"])
    # RuSentiment: its negative/neutral/positive rows (speech and skip left out).
    def rusentiment(name):
        return [(r["text"], r["label"]) for r in csv.DictReader(open(os.path.join(shared, "ru/rusentiment", name), encoding="utf-8"))
                if r["label"] in ("negative", "neutral", "positive")]
    write(os.path.join(out, "ru_rusent_train.csv"), rusentiment("rusentiment_preselected_posts.csv") + rusentiment("rusentiment_random_posts.csv"), ["text", "label"])
    write(os.path.join(out, "ru_rusent_test.csv"), rusentiment("rusentiment_test.csv"), ["text", "label"])
    # SentiRuEval-2015 reviews: the whole review's sentiment, positive (1) or negative (0); both/absence/neutral left out.
    for domain in ("car", "rest"):
        reviews = []
        for part in ("train", "test"):
            root = ET.parse(os.path.join(shared, f"ru/sentirueval2015-aspect-reviews/SentiRuEval_{domain}_markup_{part}.xml")).getroot()
            for review in root.iter("review"):
                whole = [c.get("sentiment") for c in review.iter("category") if c.get("name") == "Whole"]
                if whole and whole[0] in ("positive", "negative"):
                    reviews.append((review.find("text").text, int(whole[0] == "positive")))
        write(os.path.join(out, f"ru_sre_{domain}.csv"), reviews, ["text", "label"])
    # CEDR test: three classes as the shipped Russian model's data is labelled, and anger (4) vs the rest.
    cedr = list(csv.DictReader(open(os.path.join(shared, "ru/cedr/cedr-main-test.csv"), encoding="utf-8")))
    three = []
    for r in cedr:
        ids = set(r["labels"].strip("[]").split())
        positive, negative = "0" in ids, bool(ids & {"1", "3", "4"})
        if positive != negative:
            three.append((r["text"], "positive" if positive else "negative"))
        elif not ids:
            three.append((r["text"], "neutral"))
    write(os.path.join(out, "ru_cedr_test.csv"), three, ["text", "label"])
    write(os.path.join(out, "ru_cedr_anger.csv"), [(r["text"], int("4" in r["labels"].strip("[]").split())) for r in cedr], ["text", "label"])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
