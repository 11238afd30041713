"""Browser tests of hire-web: headless Chromium through chromedriver and Selenium.

Run by `make test-web` inside clients/test/with-daemon.sh, which starts a real hired with a
recruiter (the CLI's session file), the sample board, job descriptions, resumes and a posting
with an application. Here hire-web is started on a free loopback port against that daemon, and
a browser logs in, filters the board, uploads resumes, runs a match and reads the dashboard;
every figure a page shows is checked against the daemon's own answer to the same question
(through `hire`). A screenshot of each page is kept in $HIRE_WEB_ARTIFACTS.
"""

import csv
import http.cookiejar
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.environ["HIRE_TEST_ROOT"]
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build/debug"))
SOCKET = os.environ["HIRED_SOCKET"]
PASSWORD = os.environ["HIRE_TEST_PASSWORD"]
RECRUITER = os.environ["HIRE_TEST_RECRUITER"]
ARTIFACTS = os.environ.get("HIRE_WEB_ARTIFACTS", os.path.join(ROOT, ".build/web-artifacts"))


def hire(*args, check=True):
    """`hire --json ARGS` as the recruiter (the CLI's session file); the parsed JSON reply."""
    done = subprocess.run([os.path.join(BIN, "hire"), "--socket", SOCKET, "--json", *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"hire {' '.join(args)} failed: {done.stderr or done.stdout}")
    return json.loads(done.stdout) if done.returncode == 0 and done.stdout.strip() else None


def call(method, **params):
    """One method through `hire call`, params as JSON."""
    return hire("call", method, *[f"{key}:={json.dumps(value)}" for key, value in params.items()])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class WebDesk(unittest.TestCase):
    """One hire-web and one browser for the whole class; the tests run in name order."""

    @classmethod
    def setUpClass(cls):
        os.makedirs(ARTIFACTS, exist_ok=True)
        cls.log = tempfile.TemporaryFile()
        cls.web = subprocess.Popen(
            [os.path.join(BIN, "hire-web"), "--socket", SOCKET, "--port", "0"], stdout=subprocess.PIPE, stderr=cls.log, text=True
        )
        line = cls.web.stdout.readline()
        match = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
        if not match:
            cls.web.kill()
            raise RuntimeError(f"hire-web did not start: {line!r}")
        cls.url = match.group(1)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--disable-gpu"]:
            options.add_argument(argument)
        cls.profile = tempfile.TemporaryDirectory()
        options.add_argument(f"--user-data-dir={cls.profile.name}")
        cls.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        cls.browser.set_page_load_timeout(120)
        cls.wait = WebDriverWait(cls.browser, 120)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.web.terminate()
        cls.web.wait(timeout=20)
        cls.profile.cleanup()

    # -------------------------------------------------------------------- helpers

    def open(self, path):
        self.browser.get(self.url + path.lstrip("/"))

    def shot(self, name):
        self.browser.save_screenshot(os.path.join(ARTIFACTS, f"{name}.png"))

    def log_in_browser(self, who=RECRUITER, lands="/board"):
        self.open("/login")
        self.browser.find_element(By.NAME, "login").send_keys(who)
        self.browser.find_element(By.NAME, "password").send_keys(PASSWORD)
        self.browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.wait.until(EC.url_contains(lands))

    def http(self, path, data=None, headers=None, jar=None):
        """A request outside the browser: (status, headers, body); redirects are not followed."""
        opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(jar))
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + path.lstrip("/"), data=body, headers=headers or {})
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def browser_jar(self):
        """The browser's cookies, for a request made outside it."""
        jar = http.cookiejar.CookieJar()
        for cookie in self.browser.get_cookies():
            jar.set_cookie(http.cookiejar.Cookie(0, cookie["name"], cookie["value"], None, False, "127.0.0.1", False, False, "/",
                                                 True, False, None, False, None, None, {}))
        return jar

    @staticmethod
    def form_csrf(html):
        return re.search(r'name=csrf value="([0-9a-f]{64})"', html).group(1)

    # -------------------------------------------------------------------- tests

    def test_01_headers_cookies_and_csrf(self):
        status, headers, _ = self.http("/board")
        self.assertEqual(status, 303, "the board needs a session")
        self.assertEqual(headers["Location"], "/login")

        jar = http.cookiejar.CookieJar()
        status, headers, page = self.http("/login", jar=jar)
        self.assertEqual(status, 200)
        policy = headers["Content-Security-Policy"]
        for part in ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"]:
            self.assertIn(part, policy)
        self.assertNotIn("unsafe", policy)
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        set_cookie = headers.get_all("Set-Cookie")
        self.assertTrue(any(c.startswith("hire_csrf=") and "HttpOnly" in c and "SameSite=Strict" in c for c in set_cookie), set_cookie)
        token = self.form_csrf(page)
        login = {"login": RECRUITER, "password": PASSWORD}

        status, _, page = self.http("/login", data=login, jar=jar)
        self.assertEqual(status, 403, "a login without the form's token is refused")
        status, _, _ = self.http("/login", data={**login, "csrf": "0" * 64}, jar=jar)
        self.assertEqual(status, 403, "a login with another token is refused")
        status, _, _ = self.http("/login", data={**login, "csrf": token}, headers={"Origin": "http://evil.example"}, jar=jar)
        self.assertEqual(status, 403, "a login from another origin is refused")
        status, _, _ = self.http("/login", data={**login, "csrf": token}, jar=http.cookiejar.CookieJar())
        self.assertEqual(status, 403, "a token without its cookie is refused")

        status, headers, _ = self.http("/login", data={**login, "csrf": token}, jar=jar)
        self.assertEqual(status, 303)
        session = [c for c in headers.get_all("Set-Cookie") if c.startswith("hire_session=")]
        self.assertEqual(len(session), 1)
        self.assertIn("HttpOnly", session[0])
        self.assertIn("SameSite=Strict", session[0])

        # A signed-in form without the token changes nothing.
        before = len(call("history.list", kind="match.run", limit=1000)["runs"])
        status, _, _ = self.http("/match", data={"jobIds": "J-000131", "per": "job"}, jar=jar)
        self.assertEqual(status, 403)
        self.assertEqual(len(call("history.list", kind="match.run", limit=1000)["runs"]), before)
        status, _, _ = self.http("/logout", data={"csrf": token}, jar=jar)
        self.assertEqual(status, 303)

    def test_02_login_sets_strict_http_only_cookie(self):
        self.open("/login")
        self.shot("login")
        self.open("/register")
        self.shot("register")
        self.log_in_browser()
        cookies = {c["name"]: c for c in self.browser.get_cookies()}
        self.assertTrue(cookies["hire_session"]["httpOnly"])
        self.assertEqual(cookies["hire_session"]["sameSite"], "Strict")
        self.assertTrue(cookies["hire_csrf"]["httpOnly"])
        self.assertEqual(self.browser.execute_script("return document.cookie"), "", "no cookie is readable by scripts")
        self.shot("board")

    def test_03_board_two_drop_downs_match_mtb_filter(self):
        self.open("/board")
        chosen = {}
        for column in ["state", "cat"]:
            select = Select(self.browser.find_element(By.NAME, f"f_{column}"))
            option = select.options[1]  # the most frequent value (0 is "any")
            value = option.get_attribute("value")
            # The count beside each value is mtb.values' count.
            values = {v["value"]: v["count"] for v in call("mtb.values", column=column, limit=1000)["values"]}
            self.assertEqual(option.text, f"{value} ({values[value]})")
            select.select_by_value(value)
            chosen[column] = value
        Select(self.browser.find_element(By.NAME, "limit")).select_by_value("25")
        self.browser.find_element(By.CSS_SELECTOR, "#board-filters button[type=submit]").click()
        self.wait.until(EC.url_contains("f_state="))
        self.shot("board-filtered")

        expected = call("mtb.filter", filters=chosen, save=False)
        self.assertEqual(int(self.browser.find_element(By.ID, "board-total").text), expected["total"])
        seen = []
        while True:
            rows = self.browser.find_elements(By.CSS_SELECTOR, "#board tbody tr")
            headers = [th.text.rstrip(" ▲▼") for th in self.browser.find_elements(By.CSS_SELECTOR, "#board thead th")]
            for row in rows:
                cells = dict(zip(headers, [td.text for td in row.find_elements(By.TAG_NAME, "td")]))
                self.assertEqual(cells["State"], chosen["state"])
                self.assertEqual(cells["CAT"], chosen["cat"])
                seen.append(cells["JobID"])
            following = self.browser.find_elements(By.CSS_SELECTOR, "a[rel=next]")
            if not following:
                break
            following[0].click()
        self.assertEqual(sorted(seen), sorted(expected["jobIds"]), "the pages show exactly the rows mtb.filter finds")

        # The CSV export of this view: the same rows.
        query = urllib.parse.urlencode({"f_state": chosen["state"], "f_cat": chosen["cat"]})
        self.open(f"/board?{query}")
        link = self.browser.find_element(By.LINK_TEXT, "Export CSV").get_attribute("href")
        status, headers, body = self.http(link[len(self.url) - 1:], jar=self.browser_jar())
        self.assertEqual(status, 200)
        self.assertIn("attachment", headers["Content-Disposition"])
        exported = [row["JobID"] for row in csv.DictReader(io.StringIO(body))]
        self.assertEqual(sorted(exported), sorted(expected["jobIds"]))

        # Full text and sort: the first row is jobs.list's first.
        self.open("/board?q=engineer&sort=company&order=desc&limit=25")
        listed = call("jobs.list", query="engineer", sort={"by": "company", "order": "desc"}, limit=25)
        first = self.browser.find_element(By.CSS_SELECTOR, "#board tbody tr").get_attribute("data-job")
        self.assertEqual(first, listed["jobs"][0]["jobId"])
        self.assertEqual(int(self.browser.find_element(By.ID, "board-total").text), listed["total"])

    def test_04_upload_resumes(self):
        self.open("/resumes")
        files = [os.path.join(ROOT, "examples/resumes", name) for name in ["marcus-chen.pdf", "ana-lopez.docx"]]
        self.browser.find_element(By.ID, "resume-files").send_keys("\n".join(files))
        self.browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "upload-done")))
        items = [li.text for li in self.browser.find_elements(By.CSS_SELECTOR, "#upload-progress li")]
        self.assertEqual(len(items), 2)
        for item in items:
            self.assertIn("added R-", item)
        self.shot("resumes-uploaded")
        names = {r["filename"] for r in call("resumes.list", limit=1000)["resumes"]}
        self.assertTrue({"marcus-chen.pdf", "ana-lopez.docx"} <= names, names)
        self.open("/resumes")
        self.browser.find_element(By.PARTIAL_LINK_TEXT, "Marcus").click()
        self.assertIn("Profile", self.browser.page_source)
        self.shot("resume")

    def test_05_match_and_explanation(self):
        job = os.environ["HIRE_TEST_JOB"]
        self.open(f"/jobs/{job}")
        self.shot("job")
        self.browser.find_element(By.XPATH, "//button[text()='Rank resumes for this job']").click()
        self.wait.until(EC.url_contains("/match/"))
        self.shot("match")
        run_id = self.browser.current_url.rstrip("/").split("/")[-1]
        expected = call("match.get", runId=run_id)["matches"]
        self.assertGreater(len(expected), 0)
        rows = self.browser.find_elements(By.CSS_SELECTOR, "#matches tbody tr")
        self.assertEqual(len(rows), len(expected))
        first = rows[0]
        first.find_element(By.TAG_NAME, "summary").click()
        text = first.find_element(By.CSS_SELECTOR, "details.explanation").text
        for check in expected[0]["explanation"]["checks"]:
            self.assertIn(check["detail"], text)
        self.assertEqual(first.find_element(By.CSS_SELECTOR, "td.matched").text, ", ".join(expected[0]["explanation"]["matchedSkills"]))
        self.assertEqual(first.find_element(By.CSS_SELECTOR, "td.missing").text, ", ".join(expected[0]["explanation"]["missingSkills"]))
        self.shot("match-explained")
        self.__class__.match_run = run_id

    def test_06_dashboard_numbers_are_the_daemons(self):
        self.open("/dashboard")
        self.shot("dashboard")
        stats = call("stats.get")

        def bars(chart):
            rows = self.browser.find_elements(By.CSS_SELECTOR, f'svg[id="{chart}"] g.bar-row')
            figures = {r.get_attribute("data-label"): float(r.get_attribute("data-value")) for r in rows}
            # Every bar has its number on hover (<title>) and in the table beside the chart.
            for row in rows:
                title = row.find_element(By.TAG_NAME, "title").get_attribute("textContent")
                self.assertIn(row.get_attribute("data-value"), title)
            table = {
                tr.find_elements(By.TAG_NAME, "td")[0].text: float(tr.find_elements(By.TAG_NAME, "td")[1].text)
                for tr in self.browser.find_elements(By.CSS_SELECTOR, f'table[data-chart="{chart}"] tbody tr')
            }
            self.assertEqual(table, figures)
            return figures

        for chart, column in [("jobs-by-state", "state"), ("jobs-by-category", "cat"), ("jobs-by-client-rating", "clientRating")]:
            figures = bars(chart)
            self.assertEqual(sum(figures.values()), stats["jobs"], chart)
            values = {v["value"]: v["count"] for v in call("mtb.values", column=column, limit=1000)["values"] if v["value"]}
            blank = call("mtb.filter", filters={column: ""}, save=False)["total"]
            self.assertEqual(figures, {**values, **({"(blank)": blank} if blank else {})})

        per_kind = {}
        for label, count in bars("runs-per-day").items():
            per_kind[label.split(" ", 1)[1]] = per_kind.get(label.split(" ", 1)[1], 0) + count
        # The dashboard's own page view counted no run: the history is what stats.get counts.
        self.assertEqual(per_kind, {kind: float(n) for kind, n in stats["runs"].items()})

        posting = os.environ["HIRE_TEST_POSTING"]
        funnel = bars(f"funnel-{posting}")
        applications = call("applications.list", postingId=posting)["applications"]
        self.assertEqual(funnel["submitted"], len(applications))

        scores = bars("score-distribution")
        matches = call("match.get", runId=self.match_run)["matches"]
        self.assertEqual(sum(scores.values()), len(matches))

    def test_07_history_and_run_pages(self):
        self.open("/history?kind=match.run")
        self.shot("history")
        kinds = {td.text for td in self.browser.find_elements(By.CSS_SELECTOR, "#history tbody tr td:nth-child(2)")}
        self.assertEqual(kinds, {"match.run"})
        self.browser.find_element(By.CSS_SELECTOR, "#history tbody tr td a").click()
        self.assertIn("Ranked matches", self.browser.page_source)
        self.shot("run")
        # The run's live stream (server-sent events): a finished run says where its results are.
        status, headers, body = self.http(f"/runs/{self.match_run}/events", jar=self.browser_jar())
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "text/event-stream")
        self.assertIn(f'event: done\ndata: {{"location":"/match/{self.match_run}"}}', body)

    def test_07b_pipeline_moves_an_application(self):
        posting = os.environ["HIRE_TEST_POSTING"]
        self.open("/postings")
        self.browser.find_element(By.CSS_SELECTOR, f'#postings a[href="/postings/{posting}"]').click()
        card = self.browser.find_element(By.CSS_SELECTOR, 'section[data-status="submitted"] article.card')
        application = card.get_attribute("data-application")
        card.find_element(By.NAME, "note").send_keys("strong resume")
        card.find_element(By.CSS_SELECTOR, "button[value=screening]").click()
        self.wait.until(EC.presence_of_element_located(
            (By.CSS_SELECTOR, f'section[data-status="screening"] article[data-application="{application}"]')))
        self.shot("pipeline")
        got = call("applications.get", applicationId=application)
        self.assertEqual(got["status"], "screening")
        self.assertEqual(got["history"][-1]["to"], "screening")
        self.assertEqual(got["history"][-1].get("note"), "strong resume")

    def test_08_stats_chart_in_the_terminal(self):
        done = subprocess.run([os.path.join(BIN, "hire"), "--socket", SOCKET, "stats", "--chart"], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.splitlines()
        start = lines.index("Jobs by state (jobs)")
        for value in call("mtb.values", column="state", limit=3)["values"]:
            line = next(l for l in lines[start + 1:] if l.strip().startswith(value["value"] + " "))
            self.assertTrue(line.rstrip().endswith(" " + str(value["count"])), line)
            self.assertIn("█", line)

    def test_09_logout_ends_the_daemon_session(self):
        token = {c["name"]: c for c in self.browser.get_cookies()}["hire_session"]["value"]
        self.browser.find_element(By.CSS_SELECTOR, "form.logout button").click()
        self.wait.until(EC.url_contains("/login"))
        self.assertNotIn("hire_session", {c["name"] for c in self.browser.get_cookies()} - {""})
        done = subprocess.run(
            [os.path.join(BIN, "hire"), "--socket", SOCKET, "--json", "call", "auth.attach", f"token={token}"],
            capture_output=True, text=True, env={**os.environ, "HIRE_SESSION_FILE": os.devnull},
        )
        self.assertNotEqual(done.returncode, 0, "the token must no longer open a session")
        self.open("/board")
        self.assertIn("/login", self.browser.current_url)

    def test_10_candidate_answers_and_recruiter_reviews_an_interview(self):
        posting = os.environ["HIRE_TEST_POSTING"]
        application = call("applications.list", postingId=posting)["applications"][0]["id"]
        interview = call("interviews.create", applicationId=application, count=2)["id"]
        self.log_in_browser(os.environ["HIRE_TEST_CANDIDATE"], lands="/resumes")
        self.open("/interviews")
        self.browser.find_element(By.LINK_TEXT, interview).click()
        for index in range(2):
            form = self.browser.find_elements(By.CSS_SELECTOR, "ol.questions form")[index]
            form.find_element(By.NAME, "text").send_keys(
                "I built data pipelines in Python and SQL for five years, and led a Kubernetes migration.")
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            self.wait.until(EC.staleness_of(form))
        self.shot("interview-answered")
        self.browser.find_element(By.XPATH, "//button[text()='Submit the interview']").click()
        self.wait.until(EC.presence_of_element_located((By.XPATH, "//h2[text()='Assessment']")))
        self.assertEqual(call("interviews.get", interviewId=interview)["status"], "submitted")
        self.browser.find_element(By.CSS_SELECTOR, "form.logout button").click()
        self.wait.until(EC.url_contains("/login"))

        self.log_in_browser()
        self.open(f"/interviews/{interview}")
        Select(self.browser.find_element(By.NAME, "decision")).select_by_value("advance")
        self.browser.find_element(By.NAME, "rating").send_keys("4")
        self.browser.find_element(By.XPATH, "//button[text()='Review']").click()
        self.wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "Status: reviewed"))
        self.shot("interview-reviewed")
        reviewed = call("interviews.get", interviewId=interview)
        self.assertEqual(reviewed["status"], "reviewed")
        self.assertEqual(reviewed["review"]["rating"], 4)

    def test_11_board_import_shows_live_progress(self):
        # 20,000 rows: long enough for several $/progress reports (one per 5,000 rows read).
        rows = 20000
        folder = tempfile.mkdtemp(prefix="hire-web-import-")
        path = os.path.join(folder, "mtb-20k.csv")
        with open(os.path.join(ROOT, "examples/mtb-sample.csv"), encoding="utf-8") as sample:
            header = sample.readline()
        with open(path, "w", encoding="utf-8") as board:
            board.write(header)
            for n in range(rows):
                board.write(f"J-7{n:06d},Import Co {n % 700},Engineer {n % 40},Austin,TX,USA,$1{n % 90}K,,2024-05-01,25%,No,"
                            f"{n % 5 + 1},{'ABC'[n % 3]},No,Ann,Bo,0,,note {n},Software\n")
        self.log_in_browser()
        self.open("/board")
        self.browser.find_element(By.ID, "import-file").send_keys(path)
        self.browser.find_element(By.CSS_SELECTOR, "#board-import button[type=submit]").click()
        self.wait.until(EC.url_contains("/runs/"))
        run_id = self.browser.current_url.rstrip("/").rsplit("/", 1)[-1]
        self.wait.until(EC.presence_of_element_located((By.ID, "run-ended")))
        self.shot("import-progress")
        lines = [div.text for div in self.browser.find_elements(By.CSS_SELECTOR, "#live div")]
        forwarded = [line for line in lines if line.startswith("progress ($/progress)")]
        # Reports came as the daemon's notifications (runs.get is read only after 2 s without
        # one), the newest saying the whole file was read.
        self.assertGreaterEqual(len(forwarded), 2, lines)
        self.assertIn(f"import done {rows}/{rows}", forwarded[0])
        self.assertEqual(self.browser.find_element(By.ID, "run-progress").get_attribute("value"), str(rows))
        run = call("history.get", runId=run_id)
        self.assertEqual(run["kind"], "mtb.import")
        self.assertEqual(run["status"], "completed")
        self.assertEqual(call("jobs.get", jobId="J-7019999")["company"], f"Import Co {19999 % 700}")
        self.browser.find_element(By.LINK_TEXT, "See the run").click()
        self.wait.until(EC.url_contains(f"/history/{run_id}"))
        os.remove(path)
        os.rmdir(folder)


if __name__ == "__main__":
    unittest.main(verbosity=2)
