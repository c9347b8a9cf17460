"""A tiny API for the self-test, broken on purpose in three ways: GET /items answers 500; GET
/picky refuses a `limit` its document allows (above 5); GET /lenient accepts a `limit` its
document forbids. Also serves good.html and broken.html from this folder, without any security
headers. Usage: python fake_api.py PORT"""
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent


def operation(operation_id: str) -> dict:
    return {"get": {
        "operationId": operation_id,
        "parameters": [{"name": "limit", "in": "query", "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 10}}],
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "array", "items": {"type": "string"}}}}},
            "400": {"description": "Bad limit", "content": {"application/json": {"schema": {"type": "object"}}}},
        },
    }}


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Broken on purpose", "version": "1"},
    "paths": {"/items": operation("listItems"), "/picky": operation("listPicky"), "/lenient": operation("listLenient")},
}


def limit_is(query: str, allowed) -> bool:
    values = urllib.parse.parse_qs(query, keep_blank_values=True).get("limit")
    if values is None:
        return True
    try:
        return len(values) == 1 and allowed(int(values[0]))
    except ValueError:
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body: bytes, ctype: str):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path == "/openapi.json":
            self.send(200, json.dumps(SPEC).encode(), "application/json")
        elif path == "/items":
            self.send(500, b'{"error": "deliberate failure"}', "application/json")
        elif path == "/picky":
            ok = limit_is(query, lambda n: 1 <= n <= 5)
            self.send(200 if ok else 400, b"[]" if ok else b'{"error": "limit"}', "application/json")
        elif path == "/lenient":
            self.send(200, b"[]", "application/json")
        elif path in ("/good.html", "/broken.html"):
            self.send(200, (HERE / path[1:]).read_bytes(), "text/html; charset=utf-8")
        else:
            self.send(404, b"not found", "text/plain")

    def refuse_method(self):
        """Other methods get an honest 405, so only the deliberate faults are found."""
        body = b'{"error": "method not allowed"}'
        self.send_response(405)
        self.send_header("Allow", "GET")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_TRACE = do_QUERY = refuse_method


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
