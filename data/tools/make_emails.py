#!/usr/bin/env python3
"""Builds the sample e-mails in data/emails/ from real CFPB complaint narratives.

There is no public corpus of real customer complaint e-mails. Every message body here is a real,
unedited CFPB narrative (from the 2023 export head in ../shared/data/cfpb/variants, which shares no
Complaint ID with data/complaints/). Everything around it is made up by this script: sender names and
addresses (example.com/.org/.net and email.com, the ABCD sample's fictional domain), dates, subjects,
ticket tags, the quoted agent replies, signatures and attachments. The script is deterministic: running
it again writes the same files.

Usage: python3 data/tools/make_emails.py ../shared/data/cfpb/variants/complaints_2023_head.csv data/emails
"""
import csv
import random
import sys
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

SOURCE, OUT = Path(sys.argv[1]), Path(sys.argv[2])
rng = random.Random(20191001)

rows = [r for r in csv.DictReader(SOURCE.open(encoding="utf-8")) if r["Consumer complaint narrative"].strip()]
rows = [r for r in rows if 200 <= len(r["Consumer complaint narrative"]) <= 2500]
picked = rng.sample(rows, 36)

FIRST = ["Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "David", "Elizabeth", "William",
         "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel"]
LAST = ["Garcia", "Smith", "Johnson", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
        "Thomas", "Moore", "Martin", "Lee", "Clark", "Lewis", "Walker", "Hall", "Young", "King"]
DOMAINS = ["example.com", "example.org", "example.net"]
CHARSETS = ["utf-8", "utf-8", "utf-8", "iso-8859-1", "windows-1251", "koi8-r"]
SIGNATURES = [
    "-- \n{name}\nPhone: (555) 201-{n:04d}",
    "Regards,\n{name}",
    "Thank you,\n{name}\n{city}",
    "Sent from my iPhone",
    "-- \n{name} | {email}",
    "С уважением,\n{name}",
]
AGENT_REPLIES = [
    "Thank you for contacting us. We have received your message and a specialist will review your account within 5 business days.",
    "We are sorry to hear about your experience. Could you please confirm the last four digits of the account in question?",
    "Your case has been escalated to our resolution team. Please reply to this message with any documents you have.",
]

start = datetime(2019, 6, 3, 9, 0, tzinfo=timezone(timedelta(hours=-4)))
OUT.mkdir(parents=True, exist_ok=True)
mbox_messages = []
previous_by_sender = {}

for i, row in enumerate(picked):
    narrative = row["Consumer complaint narrative"].strip()
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{first} {last}"
    # A few customers write twice; one is the ABCD sample's caller, so an e-mail and a call link to one customer.
    if i == 7:
        name, address = "Crystal Minh", "cminh730@email.com"
    elif i in (12, 21, 30):
        name, address = previous_by_sender["repeat"]
    else:
        address = f"{first}.{last}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}".lower()
    if i == 3:
        previous_by_sender["repeat"] = (name, address)

    sent = start + timedelta(days=rng.randint(0, 140), hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
    if i in (12, 21, 30):
        sent = start + timedelta(days=7 * (i // 6), hours=3)
    ticket = 48000 + i * 37
    product = row["Product"].split(",")[0]
    subject = rng.choice([f"Complaint about my {product.lower()}", f"{row['Issue']}", f"Please help: {row['Issue'].lower()}", "Urgent - account problem"])
    if i % 3 == 0:
        subject = f"[#{ticket}] {subject}"

    charset = CHARSETS[i % len(CHARSETS)]
    signature = SIGNATURES[i % len(SIGNATURES)].format(name=name, n=1000 + i, city="Springfield", email=address)
    body = narrative + "\n\n" + signature + "\n"
    quoted = i % 4 == 1
    if quoted:
        reply_date = sent - timedelta(days=2)
        quoted_text = "\n".join("> " + line for line in rng.choice(AGENT_REPLIES).split("\n"))
        body += f"\nOn {format_datetime(reply_date)}, Customer Care <care@bank.example> wrote:\n{quoted_text}\n"

    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = f"{name} <{address}>"
    msg["To"] = "Customer Care <care@bank.example>"
    msg["Subject"] = ("Re: " if quoted else "") + subject
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = make_msgid(idstring=f"sample{i:02d}", domain=address.split("@")[1])
    if i % 5 == 2:
        msg["X-Ticket-ID"] = str(ticket)
    if quoted:
        parent = make_msgid(idstring=f"care{i:02d}", domain="bank.example")
        msg["In-Reply-To"] = parent
        msg["References"] = parent

    if i % 6 == 4:
        # HTML only, with the quoted history inside a blockquote.
        paragraphs = "".join(f"<p>{p}</p>" for p in narrative.replace("&", "&amp;").replace("<", "&lt;").split("\n") if p.strip())
        html = f"<html><head><style>p {{ margin: 0 }}</style></head><body>{paragraphs}<p>{signature.replace(chr(10), '<br>')}</p>" \
               f"<div class=\"gmail_quote\">On a previous day Customer Care wrote:<blockquote>{AGENT_REPLIES[0]}</blockquote></div></body></html>"
        msg.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    elif i % 6 == 5:
        msg.set_content(body, charset=charset, cte="quoted-printable" if charset == "utf-8" else "8bit") if charset != "utf-8" else msg.set_content(body)
        html = "<html><body>" + "".join(f"<p>{p}</p>" for p in body.replace("&", "&amp;").replace("<", "&lt;").split("\n") if p.strip()) + "</body></html>"
        msg.add_alternative(html, subtype="html")
    else:
        try:
            body.encode(charset)
            msg.set_content(body, charset=charset, cte="quoted-printable" if charset == "utf-8" else "base64")
        except UnicodeEncodeError:
            msg.set_content(body, charset="utf-8", cte="quoted-printable")

    if i % 7 == 0:
        msg.add_attachment(b"%PDF-1.4\n% sample statement placeholder\n", maintype="application", subtype="pdf", filename="statement.pdf")

    if i < 24:
        (OUT / f"{i + 1:02d}_{sent:%Y%m%d}.eml").write_bytes(msg.as_bytes(policy=policy.SMTP))
    else:
        mbox_messages.append((sent, msg))

with (OUT / "support_inbox_2019.mbox").open("wb") as mbox:
    for sent, msg in mbox_messages:
        raw = msg.as_bytes(policy=policy.SMTP.clone(linesep="\n"))
        # mboxrd: escape body lines that start with "From ".
        lines = [b">" + l if l.startswith(b"From ") else l for l in raw.split(b"\n")]
        mbox.write(b"From MAILER-DAEMON " + sent.astimezone(timezone.utc).strftime("%a %b %d %H:%M:%S %Y").encode() + b"\n")
        mbox.write(b"\n".join(lines).rstrip(b"\n") + b"\n\n")

print(f"wrote {24} .eml files and an mbox of {len(mbox_messages)} messages to {OUT}")
