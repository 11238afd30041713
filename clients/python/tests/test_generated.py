"""One catalogue: the generated module is what generate.py writes from clients/openrpc.json,
and clients/openrpc.json is what the running daemon's rpc.discover says."""

import json
import os
import subprocess
import sys

import hired

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.join(HERE, "..")
CATALOGUE = os.path.join(PACKAGE, "..", "openrpc.json")


def test_generated_module_is_current():
    done = subprocess.run([sys.executable, os.path.join(PACKAGE, "generate.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_catalogue_file_is_what_the_daemon_serves(daemon):
    with hired.connect(daemon.socket) as client:
        served = client.rpc.discover()
    with open(CATALOGUE, encoding="utf-8") as f:
        assert json.load(f) == served


def test_every_method_has_a_function_with_its_params(daemon):
    with hired.connect(daemon.socket) as client:
        served = client.rpc.discover()
        for method in served["methods"]:
            noun, verb = method["name"].split(".", 1)
            function = getattr(getattr(client, noun), verb + ("_" if verb in ("import",) else ""))
            assert method["summary"].split()[0] in function.__doc__
            names, required, progress = hired.METHODS[method["name"]]
            assert list(names) == [p["name"] for p in method["params"]]
            assert list(required) == [p["name"] for p in method["params"] if p.get("required")]
            assert progress == bool(method.get("x-progress"))


def test_the_package_under_test_is_this_checkout():
    """The installed package (pip install, not a path hack) is the one in src/."""
    source = os.path.join(PACKAGE, "src", "hired")
    installed = os.path.dirname(hired.__file__)
    for name in sorted(os.listdir(source)):
        if name.endswith(".py"):
            with open(os.path.join(source, name), "rb") as a, open(os.path.join(installed, name), "rb") as b:
                assert a.read() == b.read(), f"the installed {name} is not this checkout's: reinstall"
    assert os.path.exists(os.path.join(installed, "py.typed"))
