"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol.

It judges facts by plain word overlap (good enough to be checked), and can be told to fail:
``server.script`` is a queue of behaviours for the next requests ("429", "500", "reset",
"garbage", "slow", "malformed", "wrong-shape", and "echo-auth": a 401 quoting the request's
Authorization header); an empty queue means answer properly. Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def judge(prompt: str) -> dict:
    summary = prompt.split("<<<\n", 1)[1].split("\n>>>", 1)[0].lower()
    listed = re.split(r"^(?:Facts|Sentences):\n", prompt, maxsplit=1, flags=re.M)[1]
    facts = re.findall(r"^(\d+)\. (.+)$", listed, flags=re.M)
    verdicts = []
    for number, fact in facts:
        words = [w for w in re.findall(r"\w+", fact.lower()) if len(w) > 3]
        present = all(w in summary for w in words)
        verdicts.append(
            {
                "id": int(number),
                "verdict": "present" if present else "absent",
                "confidence": 0.9,
                "evidence": summary[:40] if present else "",
            }
        )
    return {"verdicts": verdicts}


class Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if status == 429:
            self.send_header("Retry-After", "0")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        request = json.loads(self.rfile.read(length))
        with self.server.lock:
            self.server.requests.append(
                {"path": self.path, "body": request, "auth": self.headers.get("Authorization")}
            )
            behaviour = self.server.script.pop(0) if self.server.script else "ok"
        if behaviour == "429":
            return self._send(429, b'{"error": {"message": "slow down"}}')
        if behaviour == "500":
            return self._send(500, b'{"error": {"message": "boom"}}')
        if behaviour == "echo-auth":  # a careless server quoting the request's key back
            auth = self.headers.get("Authorization", "")
            body = {"error": {"message": f"key rejected: {auth} (header {auth!r})"}}
            return self._send(401, json.dumps(body).encode())
        if behaviour == "reset":  # drop the connection with a TCP reset, no reply at all
            import socket
            import struct

            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return None
        if behaviour == "garbage":  # 200 with a body that is not JSON
            return self._send(200, b"<html>upstream proxy error</html>")
        if behaviour == "slow":
            time.sleep(self.server.slow_seconds)
        prompt = request["messages"][-1]["content"]
        if "Facts:\n" in prompt or "Sentences:\n" in prompt:
            content = json.dumps(judge(prompt))
        else:  # a summarization request: the first twelve words of the article
            content = " ".join(prompt.split("\n\n", 1)[-1].split()[:12])
        if behaviour == "empty":
            content = ""
        if behaviour == "malformed":
            content = "I think the facts are mostly there {not json"
        if behaviour == "wrong-shape":
            content = json.dumps({"verdicts": []})
        reply = {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": request["model"],
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {
                "prompt_tokens": len(prompt.split()),
                "completion_tokens": len(content.split()),
                "total_tokens": 0,
            },
        }
        self._send(200, json.dumps(reply).encode())


class FakeOpenAI(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.slow_seconds = 2.0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request, client_address) -> None:
        import sys

        # A client that timed out and hung up is part of the test, not an error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
