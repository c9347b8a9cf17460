"""A tiny API for the self-test: its OpenAPI document is honest, but GET /items answers 500.
Also serves good.html and broken.html from this folder, without any security headers.
Usage: python fake_api.py PORT"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Broken on purpose", "version": "1"},
    "paths": {
        "/items": {"get": {
            "operationId": "listItems",
            "parameters": [{"name": "limit", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 10}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "array", "items": {"type": "string"}}}}}},
        }},
    },
}


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
        path = self.path.split("?", 1)[0]
        if path == "/openapi.json":
            self.send(200, json.dumps(SPEC).encode(), "application/json")
        elif path == "/items":
            self.send(500, b'{"error": "deliberate failure"}', "application/json")
        elif path in ("/good.html", "/broken.html"):
            self.send(200, (HERE / path[1:]).read_bytes(), "text/html; charset=utf-8")
        else:
            self.send(404, b"not found", "text/plain")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
