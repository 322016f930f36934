"""The request body limit counts the bytes that arrive, not the ``Content-Length`` the client
declares: a chunked body (no length at all) past ``max_request_bytes`` is refused with 413 while
it is still being sent, so the server never holds it whole."""

from __future__ import annotations

import json
import select
import socket
from urllib.parse import urlsplit

import pytest

from api.live_server import serve
from routix.config import Settings

LIMIT = 256 * 1024
CHUNK = 64 * 1024
#: what the client is ready to send: 128 times the limit
TOTAL = 128 * LIMIT


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_request_bytes": LIMIT})


def _connect(base_url: str) -> socket.socket:
    parts = urlsplit(base_url)
    return socket.create_connection((parts.hostname, parts.port), timeout=20)


def _read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one HTTP/1.1 response with a Content-Length."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        assert piece, f"the connection closed before a response: {data!r}"
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        piece = sock.recv(65536)
        if not piece:
            break
        body += piece
    return status, headers, body[:length]


def _send_chunked(sock: socket.socket, path: str, prefix: bytes, total: int) -> int:
    """POST ``prefix`` followed by ``x`` bytes, ``total`` bytes in all, as chunks of CHUNK bytes
    (``Transfer-Encoding: chunked``, no Content-Length); stops as soon as an answer arrives.
    Returns how many body bytes were sent by then."""
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n".encode())
    sent = 0
    while sent < total:
        data = prefix if sent == 0 else b"x" * min(CHUNK, total - sent)
        try:
            sock.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            break  # the server stopped reading: its answer is waiting
        sent += len(data)
        if select.select([sock], [], [], 0)[0]:
            return sent
    if sent >= total:
        sock.sendall(b"0\r\n\r\n")
    return sent


def test_a_chunked_body_past_the_limit_is_refused_while_it_is_sent(services):
    with serve(services) as live, _connect(live.base_url) as sock:
        sent = _send_chunked(sock, "/api/v1/auth/login", b'{"email": "a@example.com", "password": "', TOTAL)
        status, headers, body = _read_response(sock)
    assert status == 413, body
    assert headers["content-type"].startswith("application/problem+json")
    assert json.loads(body)["code"] == "payload_too_large"
    # the answer came while the client was still sending: far from the whole body was read
    assert sent < TOTAL // 4, f"{sent} of {TOTAL} bytes sent before the answer"


def test_a_chunked_body_within_the_limit_is_read(services):
    body = json.dumps({"email": "nobody@example.com", "password": "not the password"}).encode()
    with serve(services) as live, _connect(live.base_url) as sock:
        sock.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        for part in (body[:10], body[10:]):
            sock.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
        status, _, answer = _read_response(sock)
    assert status == 401, answer
    assert json.loads(answer)["code"] == "invalid_credentials"


def test_a_declared_length_past_the_limit_is_refused_before_reading(client):
    response = client.post("/api/v1/auth/login", content=b"{" + b" " * LIMIT + b"}",
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert response.headers["x-content-type-options"] == "nosniff"  # the security headers wrap it


def test_a_streamed_upload_past_the_limit_is_refused(client, make_account):
    account = make_account()

    def body():
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
        yield b"Content-Type: image/png\r\n\r\n"
        for _ in range(2 * LIMIT // CHUNK):
            yield b"\0" * CHUNK

    response = client.post("/api/v1/assets", content=body(), headers={
        **account.headers, "content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "payload_too_large"
