"""A local HTTP server speaking the Chat Completions and Messages shapes, for the failure modes
no real model produces on demand. The request's model picks the behaviour:

  valid            a valid job profile (or resume profile, interview questions, answer grade or ranking:
                   by the schema's name), with usage
  malformed-twice  text that is not JSON, every time
  repaired         an answer of the wrong shape at first, a valid one once the repair request comes
  rate-limited     429 with Retry-After: 1 once, then a valid profile
  error-500        500 every time
  hang             reads the request and never answers
  refusal          a refusal (OpenAI: message.refusal; Anthropic: stop_reason "refusal")
  no-usage         a valid profile without usage
  no-schema        400 naming response_format when one is sent, else a valid profile
  echo-names       a valid profile whose location is the text it was sent
  unknown-model    404, as a server says of a model it does not have

POST /chat/completions and /messages answer; CONNECT (as an http_proxy) tunnels back to this server; GET /requests returns every request body received
so far (JSON list), with the time each arrived. Prints its port on standard output, then serves
on 127.0.0.1 until killed.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROFILE = {
    "skills": {"required": ["Python", "SQL"], "preferred": ["Kubernetes"]},
    "minYears": 3, "maxYears": None, "education": "bachelor", "seniority": "senior",
    "employmentType": "full-time", "remote": "hybrid", "salary": None, "location": "Austin, TX",
    "titles": ["Data Engineer"], "visaSponsorship": None,
}

lock = threading.Lock()
received = []
counts = {}


RESUME = {
    "skills": ["python", "postgres"], "titles": ["Data Engineer"], "yearsExperience": 6, "education": "master",
    "location": "Austin, TX", "needsSponsorship": False, "workPreference": "remote",
}


def schema_answer(body):
    """The answer for a question other than a job profile, by its schema's name."""
    schema = (body.get("response_format") or {}).get("json_schema") or {}
    if schema.get("name") == "resume_profile":
        return RESUME
    if schema.get("name") == "interview_questions":
        # Two questions, whatever the count asked: the builtin engine writes the rest.
        return {"questions": [
            {"kind": "skill", "text": "How have you tuned a slow PostgreSQL query?", "topic": "PostgreSQL",
             "rubric": [{"point": "Reads the plan", "cues": ["explain", "plan"]},
                        {"point": "Adds an index", "cues": ["index"]}]},
            {"kind": "situational", "text": "A nightly load fails at 3 am. What do you do?", "topic": "on-call",
             "rubric": [{"point": "Finds the cause", "cues": ["logs", "cause"]}]},
        ]}
    if schema.get("name") == "answer_grade":
        # The first rubric point covered, quoting the answer's first line and one sentence it
        # never said (which the daemon must drop).
        points = schema["schema"]["properties"]["covered"]["items"]["enum"]
        messages = body.get("messages", [])
        text = messages[-1]["content"] if messages else ""
        answer = text.split("Answer:\n", 1)[-1].split("\n", 1)[0]
        return {"score": 4, "covered": points[:1], "evidence": [answer, "A sentence the answer never said."]}
    if schema.get("name") == "match_rerank":
        # The ids the schema allows, in reverse: the engine's last first.
        ids = schema["schema"]["properties"]["ranking"]["items"]["properties"]["id"]["enum"]
        return {"ranking": [{"id": i, "rationale": "Fits: rank %d of %d by the model." % (n + 1, len(ids))}
                            for n, i in enumerate(reversed(ids))]}
    return None


def answer_text(model, body):
    if model == "valid" and schema_answer(body) is not None:
        return json.dumps(schema_answer(body))
    if any('Reply with {"ok": true}' in (m.get("content") or "") for m in body.get("messages", [])):
        return '{"ok": true}'
    if model == "malformed-twice":
        return "Sure! Here is the profile: skills are Python and SQL."
    if model == "repaired":
        messages = body.get("messages", [])
        last = messages[-1]["content"] if messages else ""
        repaired = schema_answer(body) or PROFILE
        return json.dumps(repaired) if "previous answer was rejected" in last else '{"skills": "Python"}'
    if model == "echo-names":
        # Answers with what it was sent, so a test sees the placeholders and their restoring.
        messages = body.get("messages", [])
        text = messages[-1]["content"] if messages else ""
        profile = dict(PROFILE)
        profile["location"] = text[:2000]
        return json.dumps(profile)
    return json.dumps(PROFILE)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, payload, headers=()):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_CONNECT(self):
        # As the environment's proxy: the tunnel leads back to this server, which goes on
        # reading requests from the same connection.
        self.send_response(200, "Connection established")
        self.end_headers()

    def do_GET(self):
        if self.path == "/requests":
            with lock:
                self.send_json(200, received)
        else:
            self.send_json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        anthropic = self.path.endswith("/messages")
        model = body.get("model", "")
        with lock:
            received.append({"path": self.path, "at": time.time(), "body": body,
                             "apiKey": self.headers.get("x-api-key") or self.headers.get("authorization")})
            counts[model] = counts.get(model, 0) + 1
            count = counts[model]
        if model == "unknown-model":
            self.send_json(404, {"error": {"message": "model unknown-model not found"}})
            return
        if model == "hang":
            time.sleep(3600)
            return
        if model == "error-500":
            self.send_json(500, {"error": {"message": "overloaded"}})
            return
        if model == "rate-limited" and count == 1:
            self.send_json(429, {"error": {"message": "slow down"}}, [("Retry-After", "1")])
            return
        if model == "no-schema" and "response_format" in body:
            self.send_json(400, {"error": {"message": "response_format is not supported"}})
            return
        if model == "slow":
            time.sleep(0.3)
        text = answer_text(model, body)
        usage = None if model == "no-usage" else (11, 7)
        if anthropic:
            payload = {"id": "msg_1", "type": "message", "role": "assistant", "model": model,
                       "content": [{"type": "text", "text": text}], "stop_reason": "end_turn"}
            if model == "refusal":
                payload["content"] = []
                payload["stop_reason"] = "refusal"
            if usage:
                payload["usage"] = {"input_tokens": usage[0], "output_tokens": usage[1]}
        else:
            message = {"role": "assistant", "content": text}
            if model == "refusal":
                message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
            payload = {"id": "c1", "object": "chat.completion", "model": model,
                       "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}
            if usage:
                payload["usage"] = {"prompt_tokens": usage[0], "completion_tokens": usage[1],
                                    "total_tokens": usage[0] + usage[1]}
        self.send_json(200, payload)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
