"""Email delivery of reminders over SMTP: the `Sender` port of evidence.pengingat."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from storage.errors import StorageError

log = logging.getLogger(__name__)
TIMEOUT = 10  # seconds, per connection and per SMTP command


class EmailGagal(StorageError):
    """The SMTP server refused the message or could not be reached."""


class SmtpSender:
    """Sends one plain-text email per call; `to` may hold several addresses separated by commas."""

    def __init__(self, host: str, port: int, username: str | None, password: str | None, sender: str,
                 starttls: bool, *, timeout: float = TIMEOUT):
        self.host, self.port = host, port
        self.username, self.password = username or None, password or None
        self.sender, self.starttls, self.timeout = sender, starttls, timeout

    def __repr__(self) -> str:  # never shows the password
        return f"SmtpSender({self.host}:{self.port}, pengirim={self.sender!r}, starttls={self.starttls})"

    def send(self, to: str, subject: str, body: str) -> None:
        recipients = [a.strip() for a in to.split(",") if a.strip()]
        if not recipients:
            raise EmailGagal("Email tidak dapat dikirim: alamat penerima kosong.")
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, ", ".join(recipients), subject
        msg["Date"] = formatdate(localtime=False, usegmt=True)
        msg["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        msg.set_content(body)
        try:
            self._deliver(msg, to, recipients)
        except EmailGagal as exc:  # the cause (smtplib's own error) for the admin; no password
            cause = exc.__cause__
            log.error("Email ke %s lewat %s:%s gagal: %s [%s: %s]", to, self.host, self.port, exc,
                      type(cause).__name__ if cause else "-", cause or "-")
            raise

    def _deliver(self, msg: EmailMessage, to: str, recipients: list[str]) -> None:
        where = f"server SMTP {self.host}:{self.port}"
        server_desc = f"Server SMTP {self.host}:{self.port}"
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(msg, from_addr=self.sender, to_addrs=recipients)
        except smtplib.SMTPAuthenticationError as exc:
            raise EmailGagal(f"Login ke {where} ditolak ({exc.smtp_code}); periksa nama pengguna dan "
                             "kata sandi SMTP.") from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise EmailGagal(f"{server_desc} tidak mendukung {_feature(exc)}; periksa pengaturan "
                             "STARTTLS/login SMTP.") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            refused = ", ".join(sorted(exc.recipients))
            raise EmailGagal(f"Alamat penerima ditolak oleh {where}: {refused}.") from exc
        except smtplib.SMTPSenderRefused as exc:
            raise EmailGagal(f"Alamat pengirim {self.sender} ditolak oleh {where} "
                             f"({exc.smtp_code}).") from exc
        except smtplib.SMTPResponseException as exc:
            text = (exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes)
                    else str(exc.smtp_error))
            raise EmailGagal(f"Email ke {to} ditolak oleh {where}: {exc.smtp_code} {text}.") from exc
        except smtplib.SMTPServerDisconnected as exc:
            raise EmailGagal(f"{server_desc} memutus sambungan atau tidak menjawab dalam "
                             f"{self.timeout:g} detik ({exc}); coba lagi nanti.") from exc
        except (smtplib.SMTPException, ssl.SSLError) as exc:
            raise EmailGagal(f"Email ke {to} gagal dikirim lewat {where}: {exc}.") from exc
        except TimeoutError as exc:
            raise EmailGagal(f"{server_desc} tidak menjawab dalam {self.timeout:g} detik; "
                             "coba lagi nanti.") from exc
        except OSError as exc:
            raise EmailGagal(f"{server_desc} tidak dapat dihubungi: {exc.strerror or exc}. "
                             "Periksa alamat dan port SMTP, lalu coba lagi.") from exc


def _feature(exc: smtplib.SMTPNotSupportedError) -> str:
    text = str(exc).lower()
    if "starttls" in text:
        return "STARTTLS"
    if "auth" in text:
        return "login (AUTH)"
    return "perintah yang diminta"
