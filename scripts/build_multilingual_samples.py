#!/usr/bin/env python3
"""Builds data/multilingual: Russian and Chinese e-mails and call transcripts from real SHIP texts.

The customers' words are real sentences, unchanged: Russian from CEDR (Apache-2.0; sadness, fear and anger
sentences of LiveJournal and Twitter) and Chinese from XED's Chinese projections (CC BY 4.0; movie subtitle lines,
three or four to a message). What is written for this project is only the envelope: headers, the addresses
(example domains), the subjects and the operators' turns. Files are written in the character sets Russian and
Chinese support teams receive: windows-1251, KOI8-R, GB18030 and UTF-8.

    python3 scripts/build_multilingual_samples.py ../shared/data data/multilingual

Deterministic: the same shared data gives the same files.
"""
import csv
import sys
from datetime import datetime, timedelta, timezone
from email.header import Header
from pathlib import Path

shared, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for old in out.glob("*"):
    old.unlink()

def encodable(text):
    """Whether KOI8-R (which has no « » or —) can carry the sentence as it is."""
    try:
        text.encode("koi8-r")
        return True
    except UnicodeEncodeError:
        return False


# CEDR label ids: 0 joy, 1 sadness, 2 surprise, 3 fear, 4 anger.
cedr = [r for r in csv.DictReader(open(shared / "ru/cedr/cedr-main-train.csv", encoding="utf-8"))
        if r["source"] in ("lj", "twitter") and any(l in r["labels"] for l in "134") and 50 <= len(r["text"]) <= 240
        and "http" not in r["text"] and "@" not in r["text"] and encodable(r["text"])]
angry = [r["text"].strip() for r in cedr if "4" in r["labels"]]
other = [r["text"].strip() for r in cedr if "4" not in r["labels"]]
russian = [s for pair in zip(angry, other) for s in pair]

# XED ids: 1 anger … 6 sadness; lines of four characters or more.
xed = [line.rstrip("\n").split("\t") for line in open(shared / "emotion/xed/cn-projections.tsv", encoding="utf-8")]
chinese = [text.strip() for text, labels in xed if len(text.strip()) >= 4 and any(l.strip() in ("1", "4", "6") for l in labels.split(","))]

start = datetime(2019, 6, 3, 9, 0)
msk, cst = timezone(timedelta(hours=3)), timezone(timedelta(hours=8))


def when(i, zone):
    return (start + timedelta(days=3 * i, hours=(i * 5) % 9, minutes=(i * 17) % 60)).replace(tzinfo=zone)


def email(name, charset, sender, subject, body, date, message_id):
    head = (f"From: {Header(sender[0], charset).encode()} <{sender[1]}>\n"
            f"To: support@bank.example\n"
            f"Subject: {Header(subject, charset).encode()}\n"
            f"Date: {date.strftime('%a, %d %b %Y %H:%M:%S %z')}\n"
            f"Message-ID: <{message_id}@samples.example>\n"
            f"MIME-Version: 1.0\n"
            f"Content-Type: text/plain; charset={charset}\n"
            f"Content-Transfer-Encoding: 8bit\n\n")
    (out / name).write_bytes(head.encode("ascii") + body.encode(charset))


def transcript(name, charset, call_id, date, turns):
    text = f"Call-ID: {call_id}\nDate: {date.isoformat()}\n\n" + "\n".join(turns) + "\n"
    (out / name).write_bytes(text.encode(charset))


ru_subjects = ["Жалоба на обслуживание", "Снова проблема", "Прошу разобраться", "Обращение", "Претензия", "Верните деньги"]
ru_agent = ["Оператор: Здравствуйте, служба поддержки, слушаю вас.", "Оператор: Понимаю. Уточните, пожалуйста, номер договора.",
            "Оператор: Спасибо, я передам ваше обращение специалисту."]
zh_subjects = ["投诉", "问题反馈", "请尽快处理", "再次投诉", "关于我的订单", "退款申请"]
zh_agent = ["客服：您好，请问有什么可以帮您？", "客服：好的，请提供一下您的订单号。", "客服：非常抱歉，我们会尽快为您处理。"]

n = 0
for i in range(12):  # Russian e-mails: windows-1251 and KOI8-R
    charset = "windows-1251" if i % 2 == 0 else "koi8-r"
    body = "Здравствуйте!\n\n" + "\n".join(russian[2 * i:2 * i + 2]) + "\n\nКлиент банка\n"
    email(f"ru-mail-{i + 1:02d}.eml", charset, ("Клиент", f"client{i + 1:02d}@mail.example"), ru_subjects[i % len(ru_subjects)], body, when(n, msk), f"ru-mail-{i + 1:02d}")
    n += 1
for i in range(12):  # Chinese e-mails: GB18030 and UTF-8
    charset = "gb18030" if i % 2 == 0 else "utf-8"
    lines = chinese[4 * i:4 * i + 4]
    body = "你好，\n\n" + "，".join(lines) + "。\n\n一位客户\n"
    email(f"zh-mail-{i + 1:02d}.eml", charset, ("客户", f"kehu{i + 1:02d}@mail.example"), zh_subjects[i % len(zh_subjects)], body, when(n, cst), f"zh-mail-{i + 1:02d}")
    n += 1
for i in range(6):  # Russian calls: UTF-8, windows-1251, KOI8-R
    charset = ["utf-8", "windows-1251", "koi8-r"][i % 3]
    said = russian[24 + 2 * i:26 + 2 * i]
    transcript(f"ru-call-{i + 1:02d}.txt", charset, f"ru-call-{i + 1:02d}", when(n, msk),
               [ru_agent[0], "Клиент: " + said[0], ru_agent[1], "Клиент: " + said[1], ru_agent[2]])
    n += 1
for i in range(6):  # Chinese calls: GB18030 and UTF-8
    charset = "gb18030" if i % 2 == 0 else "utf-8"
    said = chinese[48 + 4 * i:52 + 4 * i]
    transcript(f"zh-call-{i + 1:02d}.txt", charset, f"zh-call-{i + 1:02d}", when(n, cst),
               [zh_agent[0], "客户：" + "，".join(said[:2]) + "。", zh_agent[1], "客户：" + "，".join(said[2:]) + "。", zh_agent[2]])
    n += 1

print(f"{n} files in {out}")
