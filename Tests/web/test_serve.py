"""How hire-web listens: loopback only, non-loopback only with --allow-remote and TLS, and
TLS for real (a self-signed certificate made with openssl; cookies then carry Secure)."""

import os
import re
import ssl
import subprocess
import tempfile
import unittest
import urllib.request

ROOT = os.environ.get("HIRE_TEST_ROOT", os.path.join(os.path.dirname(__file__), "../.."))
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build/debug"))
WEB = os.path.join(BIN, "hire-web")


def refusal(*args):
    done = subprocess.run([WEB, "--socket", "/nonexistent/s", *args], capture_output=True, text=True, timeout=60)
    return done.returncode, done.stderr


class Serving(unittest.TestCase):
    def test_non_loopback_needs_allow_remote_and_tls(self):
        status, said = refusal("--host", "0.0.0.0")
        self.assertNotEqual(status, 0)
        self.assertIn("0.0.0.0 is not a loopback address", said)
        status, said = refusal("--host", "0.0.0.0", "--allow-remote")
        self.assertNotEqual(status, 0)
        self.assertIn("--allow-remote needs --tls-cert and --tls-key", said)
        status, said = refusal("--tls-cert", "/c.pem")
        self.assertNotEqual(status, 0)
        self.assertIn("--tls-cert and --tls-key go together", said)

    def test_print_url_says_where_it_would_serve_and_exits(self):
        done = subprocess.run([WEB, "--port", "8123", "--print-url"], capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), "http://127.0.0.1:8123/")

    def test_tls_serves_https_with_secure_cookies(self):
        with tempfile.TemporaryDirectory() as tmp:
            cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                            "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
            web = subprocess.Popen([WEB, "--socket", "/nonexistent/s", "--port", "0", "--tls-cert", cert, "--tls-key", key],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            try:
                url = re.search(r"serving (https://127\.0\.0\.1:\d+/)", web.stdout.readline()).group(1)
                context = ssl.create_default_context(cafile=cert)
                context.check_hostname = False  # the certificate names an IP in its CN only
                with urllib.request.urlopen(url + "login", context=context, timeout=30) as response:
                    self.assertEqual(response.status, 200)
                    cookie = response.headers["Set-Cookie"]
                    self.assertIn("Secure", cookie)
                    self.assertIn("HttpOnly", cookie)
                with self.assertRaises(Exception):
                    urllib.request.urlopen(url.replace("https", "http") + "login", timeout=10).read()
            finally:
                web.terminate()
                web.wait(timeout=20)
                web.stdout.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
