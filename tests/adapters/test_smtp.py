"""SmtpSender against a real SMTP server on 127.0.0.1: a minimal one written here (no dependency)."""

from __future__ import annotations

import base64
import contextlib
import email
import email.policy
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from evidence.pengingat import deliver
from evidence.records.siklus import Notifikasi
from storage.errors import StorageError
from storage.notify import EmailGagal, SmtpSender
from tests.fakes import FakeRepo, FakeUnitOfWork


@dataclass
class Mailbox:
    messages: list[dict] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    auth: tuple[str, str] | None = None  # (user, password) when AUTH PLAIN is offered


class SmtpHandler(socketserver.StreamRequestHandler):
    """EHLO/HELO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT: enough for smtplib."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        box: Mailbox = self.server.mailbox
        self.reply("220 localhost SMTP uji")
        sender, rcpts = None, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode().rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-localhost")
                if box.auth:
                    self.reply("250-AUTH PLAIN")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 localhost")
            elif verb == "AUTH":
                parts = line.split()
                creds = base64.b64decode(parts[2]).split(b"\0") if len(parts) > 2 else []
                ok = box.auth and [c.decode() for c in creds[1:]] == list(box.auth)
                self.reply("235 Authentication successful" if ok else "535 Authentication failed")
            elif verb == "MAIL":
                sender, rcpts = line.split(":", 1)[1].strip().split()[0].strip("<>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                addr = line.split(":", 1)[1].strip().strip("<>")
                if addr in box.refuse:
                    self.reply("550 No such user")
                else:
                    rcpts.append(addr)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                box.messages.append({"from": sender, "to": rcpts, "data": b"".join(lines)})
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def smtp_server(mailbox: Mailbox, handler=SmtpHandler):
    server = Server(("127.0.0.1", 0), handler)
    server.mailbox = mailbox
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def mailbox():
    return Mailbox()


@pytest.fixture
def port(mailbox):
    with smtp_server(mailbox) as p:
        yield p


def sender_on(port: int, **kw) -> SmtpSender:
    args = dict(host="127.0.0.1", port=port, username=None, password=None,
                sender="tpcb@dinkes.contoh.go.id", starttls=False)
    args.update(kw)
    return SmtpSender(**args)


def parsed(message: dict):
    return email.message_from_bytes(message["data"], policy=email.policy.default)


def test_a_message_reaches_the_server(mailbox, port):
    body = "Yth. PJ Mutu,\n.baris yang diawali titik\nBatas waktu: 12 Maret 2026 — terlambat.\n"
    subject = "Pengingat tindak lanjut #12 — Puskesmas Sukajadi"
    sender_on(port).send("pkm-a@contoh.go.id, dinkes@contoh.go.id", subject, body)
    (msg,) = mailbox.messages
    assert msg["from"] == "tpcb@dinkes.contoh.go.id"
    assert msg["to"] == ["pkm-a@contoh.go.id", "dinkes@contoh.go.id"]
    mail = parsed(msg)
    assert mail["Subject"] == subject and mail["Message-ID"]
    assert mail.get_content().replace("\r\n", "\n") == body


def test_login_with_auth_plain(mailbox, port):
    mailbox.auth = ("tpcb", "rahasia")
    sender_on(port, username="tpcb", password="rahasia").send("a@contoh.go.id", "s", "isi")
    assert len(mailbox.messages) == 1
    with pytest.raises(EmailGagal, match="Login ke server SMTP 127.0.0.1.*ditolak") as err:
        sender_on(port, username="tpcb", password="salah").send("a@contoh.go.id", "s", "isi")
    assert "salah" not in str(err.value) and len(mailbox.messages) == 1


def test_refused_recipient_is_a_storage_error_in_indonesian(mailbox, port):
    mailbox.refuse = {"hilang@contoh.go.id"}
    with pytest.raises(StorageError, match="Alamat penerima ditolak.*hilang@contoh.go.id"):
        sender_on(port).send("hilang@contoh.go.id", "s", "isi")
    assert mailbox.messages == []


def test_starttls_required_but_not_offered(mailbox, port):
    with pytest.raises(EmailGagal, match="tidak mendukung STARTTLS"):
        sender_on(port, starttls=True).send("a@contoh.go.id", "s", "isi")
    assert mailbox.messages == []


def test_unreachable_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]  # nothing listens once the socket is closed
    with pytest.raises(EmailGagal, match=f"127.0.0.1:{free} tidak dapat dihubungi"):
        sender_on(free).send("a@contoh.go.id", "s", "isi")


class Silent(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.recv(1)  # never greets; waits until the client gives up


def test_silent_server_times_out():
    with smtp_server(Mailbox(), Silent) as p:
        # The timeout is the thing under test: the server never answers, so only the limit ends it.
        with pytest.raises(EmailGagal, match="tidak menjawab dalam 0.5 detik"):
            sender_on(p, timeout=0.5).send("a@contoh.go.id", "s", "isi")


def test_empty_recipient_is_refused_without_connecting():
    with pytest.raises(EmailGagal, match="penerima kosong"):
        sender_on(1).send(" , ", "s", "isi")


def test_password_is_not_in_the_repr():
    assert "rahasia" not in repr(sender_on(25, username="u", password="rahasia"))


class OutboxRepo(FakeRepo):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def notifikasi_list(self, *, status=None, tindak_lanjut_id=None, tanggal=None):
        return [n for n in self.rows if status is None or n.status == status]


def test_deliver_through_smtp_keeps_failures_for_retry(mailbox, port):
    mailbox.refuse = {"salah@contoh.go.id"}
    rows = [Notifikasi(id=i, tindak_lanjut_id=i, tanggal=date(2026, 3, 12), jenis="h0", penerima=to,
                       subjek=f"Pengingat #{i}", isi="isi") for i, to in
            ((1, "pkm-a@contoh.go.id"), (2, "salah@contoh.go.id"))]
    now = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)
    sent, failed, kept = deliver(FakeUnitOfWork(OutboxRepo(rows)), sender_on(port), now=now)
    assert [n.id for n in sent] == [1] and [n.id for n in failed] == [2] and kept == []
    assert [m["to"] for m in mailbox.messages] == [["pkm-a@contoh.go.id"]]
    assert rows[1].status == "tertunda" and rows[1].percobaan == 1
    assert "Alamat penerima ditolak" in rows[1].galat
