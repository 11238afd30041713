"""Files from the cloud: the `remote` param against a real rclone remote.

`rclone serve webdav` on loopback (with a user and password) serves a temp folder; the rclone
configuration naming it is written to $RCLONE_CONFIG, which the daemon started by
clients/test/with-daemon.sh reads (the Makefile sets it before the daemon starts). A board and a
folder of resumes are imported from it, a run is exported to it, and each failure names what
went wrong without showing the configuration or its password.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

ROOT = os.environ["HIRE_TEST_ROOT"]
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build/debug"))
SOCKET = os.environ["HIRED_SOCKET"]
CONFIG = os.environ["RCLONE_CONFIG"]
SECRET = "webdav-" + os.urandom(6).hex()


def hire(*args):
    """`hire --json ARGS`: (exit status, parsed reply or the error text)."""
    done = subprocess.run([os.path.join(BIN, "hire"), "--socket", SOCKET, "--json", *args], capture_output=True, text=True)
    text = done.stdout.strip() or done.stderr.strip()
    try:
        return done.returncode, json.loads(text)
    except json.JSONDecodeError:
        return done.returncode, text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CloudFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="hire-cloud-")
        cls.drive = os.path.join(cls.tmp, "drive")
        os.makedirs(os.path.join(cls.drive, "Boards"))
        os.makedirs(os.path.join(cls.drive, "Resumes"))
        os.makedirs(os.path.join(cls.drive, "Exports"))
        with open(os.path.join(ROOT, "examples/mtb-sample.csv"), encoding="utf-8") as sample:
            header = sample.readline()
        rows = [f"J-9{n:05d},Cloud Co {n},Platform Engineer,Austin,TX,USA,$150K,,2024-05-0{n},25%,No,4,A,H1B OK,Ann,Bo,0,,,Software\n"
                for n in range(1, 4)]
        with open(os.path.join(cls.drive, "Boards/mtb.csv"), "w", encoding="utf-8") as board:
            board.write(header + "".join(rows))
        for name in ["tom-becker.pdf", "priya-raman.pdf", "rachel-goldberg.docx"]:
            shutil.copy(os.path.join(ROOT, "examples/resumes", name), os.path.join(cls.drive, "Resumes", name))
        port = free_port()
        cls.server = subprocess.Popen(
            ["rclone", "serve", "webdav", cls.drive, "--addr", f"127.0.0.1:{port}", "--user", "dana", "--pass", SECRET],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.obscured = subprocess.run(["rclone", "obscure", SECRET], capture_output=True, text=True, check=True).stdout.strip()
        wrong = subprocess.run(["rclone", "obscure", "not-" + SECRET], capture_output=True, text=True, check=True).stdout.strip()
        with open(CONFIG, "w", encoding="utf-8") as config:
            # "wrongpass" is the same drive with a password the server refuses.
            for name, password in [("cloud", cls.obscured), ("wrongpass", wrong)]:
                config.write(f"[{name}]\ntype = webdav\nurl = http://127.0.0.1:{port}/\nvendor = other\nuser = dana\npass = {password}\n\n")
        os.chmod(CONFIG, 0o600)
        for _ in range(100):
            if subprocess.run(["rclone", "lsf", "cloud:"], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("rclone serve webdav did not answer")

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=20)
        shutil.rmtree(cls.tmp)

    def assertNoSecret(self, text):
        self.assertNotIn(SECRET, str(text))
        self.assertNotIn(self.obscured, str(text))

    def test_1_board_from_a_remote_positional(self):
        status, reply = hire("mtb", "import", "cloud:Boards/mtb.csv")
        self.assertEqual(status, 0, reply)
        self.assertEqual(reply["inserted"], 3)
        status, job = hire("jobs", "get", "J-900002")
        self.assertEqual(status, 0, job)
        self.assertEqual(job["company"], "Cloud Co 2")

    def test_2_a_folder_of_resumes_in_one_call(self):
        status, reply = hire("call", "resumes.add", "remote=cloud:Resumes")
        self.assertEqual(status, 0, reply)
        self.assertEqual(sorted(r["filename"] for r in reply["resumes"]), ["priya-raman.pdf", "rachel-goldberg.docx", "tom-becker.pdf"])

    def test_3_export_a_run_to_the_remote(self):
        status, run = hire("call", "match.run", "jobIds:=[\"J-900001\"]", "per=job")
        self.assertEqual(status, 0, run)
        status, reply = hire("call", "match.export", f"runId={run['runId']}", "remote=cloud:Exports/run.csv")
        self.assertEqual(status, 0, reply)
        self.assertEqual(reply["path"], "cloud:Exports/run.csv")
        with open(os.path.join(self.drive, "Exports/run.csv"), encoding="utf-8") as exported:
            self.assertEqual(len(exported.read().strip().splitlines()), reply["rows"] + 1)
        status, again = hire("call", "match.export", f"runId={run['runId']}", "remote=cloud:Exports/run.csv")
        self.assertEqual(status, 1)
        self.assertIn("exists", again["error"]["message"])
        status, _ = hire("call", "match.export", f"runId={run['runId']}", "remote=cloud:Exports/run.csv", "overwrite:=true")
        self.assertEqual(status, 0)
        status, jobs = hire("call", "jobs.export", "remote=cloud:Exports/board.csv")
        self.assertEqual(status, 0, jobs)
        self.assertTrue(os.path.exists(os.path.join(self.drive, "Exports/board.csv")))

    def test_3b_history_into_a_remote_folder(self):
        status, run = hire("call", "match.run", "jobIds:=[\"J-900002\"]", "per=job")
        self.assertEqual(status, 0, run)
        status, listed = hire("call", "history.list", "limit:=2")
        self.assertEqual(status, 0, listed)
        ids = [r["id"] for r in listed["runs"]]
        status, reply = hire("call", "history.export", f"runIds:={json.dumps(ids)}", "remote=cloud:Exports/History")
        self.assertEqual(status, 0, reply)
        self.assertEqual(len(reply["files"]), 2)
        status, local = hire("call", "history.export", f"runIds:={json.dumps(ids)}")
        for path, export in zip(reply["files"], local["exports"]):
            self.assertEqual(path, "cloud:Exports/History/" + export["filename"])
            with open(os.path.join(self.drive, "Exports/History", export["filename"]), encoding="utf-8", newline="") as written:
                self.assertEqual(written.read(), export["csv"])
        # Every destination is checked before any is written: one existing file refuses them all.
        os.remove(os.path.join(self.drive, "Exports/History", local["exports"][1]["filename"]))
        status, again = hire("call", "history.export", f"runIds:={json.dumps(ids)}", "remote=cloud:Exports/History")
        self.assertEqual(status, 1, again)
        self.assertIn("exists", again["error"]["message"])
        self.assertFalse(os.path.exists(os.path.join(self.drive, "Exports/History", local["exports"][1]["filename"])))
        status, reply = hire("call", "history.export", f"runIds:={json.dumps(ids)}", "remote=cloud:Exports/History", "overwrite:=true")
        self.assertEqual(status, 0, reply)
        self.assertEqual(len(os.listdir(os.path.join(self.drive, "Exports/History"))), 2)
        status, both = hire("call", "history.export", f"runIds:={json.dumps(ids)}", "remote=cloud:x", "dir=/tmp")
        self.assertEqual(status, 1, both)
        self.assertIn("not both", both["error"]["message"])

    def test_3c_applications_to_the_remote(self):
        status, posting = hire("call", "postings.publish", "title=Cloud engineer", "description=Runs the cloud.")
        self.assertEqual(status, 0, posting)
        status, reply = hire("call", "applications.export", f"postingId={posting['id']}", "remote=cloud:Exports/applications.csv")
        self.assertEqual(status, 0, reply)
        self.assertEqual(reply["path"], "cloud:Exports/applications.csv")
        status, local = hire("call", "applications.export", f"postingId={posting['id']}")
        with open(os.path.join(self.drive, "Exports/applications.csv"), encoding="utf-8", newline="") as written:
            self.assertEqual(written.read(), local["csv"])
        status, again = hire("call", "applications.export", f"postingId={posting['id']}", "remote=cloud:Exports/applications.csv")
        self.assertEqual(status, 1, again)
        self.assertIn("exists", again["error"]["message"])
        status, wrong = hire("call", "applications.export", f"postingId={posting['id']}", "remote=wrongpass:Exports/a.csv")
        self.assertEqual(status, 1, wrong)
        self.assertIn("permission denied", wrong["error"]["message"])
        self.assertNoSecret(wrong)

    def test_4_errors_say_what_went_wrong(self):
        cases = [
            (["mtb.import", "remote=nosuch:board.csv"], "no rclone remote named nosuch"),
            (["mtb.import", "remote=cloud:Boards/absent.csv"], "cloud:Boards/absent.csv does not exist"),
            (["jobs.export", "remote=wrongpass:Exports/x.csv"], "permission denied on wrongpass:Exports/x.csv"),
            (["mtb.import", "remote=wrongpass:Boards/mtb.csv"], "permission denied on wrongpass:Boards/mtb.csv"),
            (["mtb.import", "remote=no-colon"], "remote must be NAME:path"),
            (["jobs.attachDescription", "jobId=J-900001", "remote=cloud:Resumes"], "one file, not a folder"),
        ]
        for args, expected in cases:
            status, reply = hire("call", *args)
            self.assertEqual(status, 1, (args, reply))
            self.assertIn(expected, reply["error"]["message"], args)
            self.assertNoSecret(reply)
        log = os.path.join(os.path.dirname(os.environ["HIRE_TEST_TMP"]), "hired.log")
        with open(log, encoding="utf-8") as daemon_log:
            self.assertNoSecret(daemon_log.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
