"""bench/providers_client.py — the client of bench/providers.sh: registers a recruiter, imports
COUNT jobs with distinct descriptions, then for each concurrency sets the provider anew (which
drops its cached answers) and times one jobs.process of every job; the run's summary gives the
tokens, requests and fallbacks."""

import argparse
import random
import time

from hired_rpc import Hired

SKILLS = ["Python", "SQL", "Kubernetes", "Terraform", "AWS", "Java", "Spring", "React", "TypeScript", "Go",
          "PostgreSQL", "Kafka", "Spark", "Airflow", "Docker", "Linux", "C++", "Rust", "GraphQL", "Redis"]
TITLES = ["Data Engineer", "Backend Developer", "DevOps Engineer", "Frontend Developer", "Platform Engineer"]
SENIORITY = ["Junior", "Senior", "Lead", "Principal"]
MODES = ["Remote.", "Hybrid, two days a week in the office.", "Onsite."]


def description(rng):
    skills = rng.sample(SKILLS, 5)
    return (f"{rng.choice(SENIORITY)} {rng.choice(TITLES)}. We need {rng.randint(1, 10)}+ years with "
            f"{', '.join(skills[:3])}; {skills[3]} and {skills[4]} are a plus. {rng.choice(MODES)} "
            f"Bachelor's degree or equivalent. Full-time.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--concurrencies", default="1 2 4")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(15)
    hired = Hired(args.socket)
    hired.call("auth.register", {"username": "bench", "email": "bench@example.com", "password": "a long bench passphrase",
                                 "role": "recruiter"})
    hired.call("auth.login", {"login": "bench", "password": "a long bench passphrase"})
    header = "JobID,Company,Position,City,State,Country"
    ids = [f"B-{n:04d}" for n in range(args.count)]
    hired.call("mtb.import", {"csv": "\n".join([header] + [f"{i},Acme,Engineer,Austin,TX,USA" for i in ids])})
    for job_id in ids:
        hired.call("jobs.attachDescription", {"jobId": job_id, "text": description(rng)})
    rows = []
    for concurrency in [int(c) for c in args.concurrencies.split()]:
        hired.call("providers.set", {"name": "local", "kind": "openai", "baseURL": args.base_url, "model": "smollm2",
                                     "maxConcurrency": concurrency})
        started = time.monotonic()
        done = hired.call("jobs.process", {"jobIds": ids, "provider": "local"})
        seconds = time.monotonic() - started
        summary = hired.call("history.get", {"runId": done["runId"]})["summary"]
        usage = summary["usage"]
        rows.append((concurrency, args.count / seconds, usage["outputTokens"] / seconds, summary["fallbacks"] / args.count,
                     usage["requests"], seconds))
        print(f"concurrency {concurrency}: {rows[-1][1]:.2f} items/s, {rows[-1][2]:.1f} output tokens/s, "
              f"{rows[-1][3]:.1%} fell back, {usage['requests']} requests, {seconds:.1f} s", flush=True)
    with open(args.out, "w") as out:
        out.write(f"jobs.process of {args.count} descriptions through llama-cpp-python (SmolLM2-135M Q4_1)\n\n")
        out.write("| maxConcurrency | items/s | output tokens/s | fell back | requests | seconds |\n|---|---|---|---|---|---|\n")
        for row in rows:
            out.write(f"| {row[0]} | {row[1]:.2f} | {row[2]:.1f} | {row[3]:.1%} | {row[4]} | {row[5]:.1f} |\n")


if __name__ == "__main__":
    main()
