"""Starts llama-cpp-python's OpenAI-compatible server on 127.0.0.1, on a port the kernel picks,
with the GGUF model given as the first argument (served as model "smollm2"). Prints the port
once the model is loaded and the socket listens.

Sized for a small shared build machine: one thread (a second one only fights the compilers
running beside it), a 2,048-token context (the longest prompt a test sends is under 1,500) and
small batches. HIRED_LLAMA_THREADS, HIRED_LLAMA_CTX and HIRED_LLAMA_BATCH override them."""
import os
import socket
import sys

import uvicorn
from llama_cpp.server.app import create_app
from llama_cpp.server.settings import ModelSettings, ServerSettings

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.bind(("127.0.0.1", 0))
sock.listen(64)
port = sock.getsockname()[1]
app = create_app(
    server_settings=ServerSettings(host="127.0.0.1", port=port),
    model_settings=[ModelSettings(
        model=sys.argv[1], model_alias="smollm2", verbose=False,
        n_threads=int(os.environ.get("HIRED_LLAMA_THREADS", "1")),
        n_ctx=int(os.environ.get("HIRED_LLAMA_CTX", "2048")),
        n_batch=int(os.environ.get("HIRED_LLAMA_BATCH", "128")),
    )],
)
print(port, flush=True)
uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
