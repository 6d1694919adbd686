#!/usr/bin/env python3
"""Deploys what `moncc build` generates to moto_server and reads it back (ctest moto/dashboards).

Consumes: the moncc binary and the source directory. For each spec of SPECS (the two contract
examples and a golden spec with every kind of notification target):
  - `moncc build SPEC -o TMP/...` must succeed;
  - every `dashboards/NAME.json` body (the file minus its final newline, which is exactly the
    DashboardBody CloudFormation embeds) is sent with `aws cloudwatch put-dashboard`, must come
    back without validation messages, and `get-dashboard` must return the same bytes;
    `cloudwatch-dashboard.json` must equal the main dashboard's file, and `list-dashboards`
    must list every name at the end;
  - the SNS topics and subscriptions of the spec (read from the IR with `moncc inspect`: every
    topic moncc creates, i.e. not an `sns:` target's existing ARN) are created with `aws sns
    create-topic` / `subscribe` in the spec's region, and at the end listed back with
    `list-topics` and `list-subscriptions` (one call per region) to the same set.
moto_server runs on 127.0.0.1 on a free port with signature checking on (aws-notes.md §3.4):
INITIAL_NO_AUTH_ACTION_COUNT=3 leaves exactly three unauthenticated actions, used to create an
IAM user with a `monitoring:*` + `sns:*` policy and its access key; every later call is signed
with that key, and a call signed with a wrong secret must be refused (proving checks are on).

Produces: exit 0 when everything matched; 1 with the reason otherwise; 77 (ctest SKIP) only
when moto_server or the aws CLI is not installed. Every subprocess has a timeout, and the
server is stopped in a finally block.
"""

import concurrent.futures
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
CALL_TIMEOUT = 60
START_TIMEOUT = 30
SPECS = [
    "infra/monitoring/monitoring.yaml",
    "examples/anythingllm/monitoring.yaml",
    "examples/minimal/monitoring.yaml",
    "tests/golden/notify-targets/monitoring.yaml",
    "tests/golden/dash-presets/monitoring.yaml",
]
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["monitoring:*", "sns:*"], "Resource": "*"}],
}


class Failure(Exception):
    pass


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


def wait_listening(port, proc):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failure("moto_server exited early with status %d" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise Failure("moto_server did not listen on port %d within %d s" % (port, START_TIMEOUT))


class Aws:
    """The aws CLI against one endpoint, with a clean configuration and fixed credentials."""

    def __init__(self, endpoint, home):
        self.endpoint = endpoint
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.env.update({
            "AWS_CONFIG_FILE": os.path.join(home, "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "no-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_MAX_ATTEMPTS": "1",
        })
        self.set_keys("bootstrap", "bootstrap")

    def set_keys(self, key_id, secret):
        self.env["AWS_ACCESS_KEY_ID"] = key_id
        self.env["AWS_SECRET_ACCESS_KEY"] = secret

    def run(self, *args, region=None, check=True):
        env = dict(self.env)
        if region:
            env["AWS_DEFAULT_REGION"] = region
        cmd = ["aws", "--endpoint-url", self.endpoint, "--output", "json"] + list(args)
        try:
            p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=CALL_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise Failure("timed out after %d s: aws %s" % (CALL_TIMEOUT, " ".join(args[:2])))
        if check and p.returncode != 0:
            raise Failure("aws %s failed (%d): %s" % (" ".join(args[:2]), p.returncode,
                                                      p.stderr.decode(errors="replace").strip()))
        if p.returncode != 0:
            return p.returncode, None
        out = p.stdout.decode()
        return p.returncode, json.loads(out) if out.strip() else {}


def bootstrap(aws):
    """The three free actions: a user, its policy, its key; then signed calls only."""
    aws.run("iam", "create-user", "--user-name", "moncc-test")
    aws.run("iam", "put-user-policy", "--user-name", "moncc-test", "--policy-name", "moncc",
            "--policy-document", json.dumps(POLICY))
    _, key = aws.run("iam", "create-access-key", "--user-name", "moncc-test")
    key_id, secret = key["AccessKey"]["AccessKeyId"], key["AccessKey"]["SecretAccessKey"]
    aws.set_keys(key_id, "x" * len(secret))
    rc, _ = aws.run("cloudwatch", "list-dashboards", check=False)
    if rc == 0:
        raise Failure("moto accepted a request signed with a wrong secret: auth is not checked")
    aws.set_keys(key_id, secret)


def moncc(binary, srcdir, *args):
    try:
        p = subprocess.run([binary] + list(args), cwd=srcdir, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=CALL_TIMEOUT,
                           env=dict(os.environ, NO_COLOR="1", LC_ALL="C"))
    except subprocess.TimeoutExpired:
        raise Failure("timed out after %d s: moncc %s" % (CALL_TIMEOUT, " ".join(args)))
    if p.returncode != 0:
        raise Failure("moncc %s exited %d:\n%s" % (" ".join(args), p.returncode,
                                                   p.stderr.decode(errors="replace")))
    return p.stdout


def put_get(aws, spec, name, body):
    _, r = aws.run("cloudwatch", "put-dashboard", "--dashboard-name", name,
                   "--dashboard-body", body)
    if r.get("DashboardValidationMessages"):
        raise Failure("%s: put-dashboard %s: %s" % (spec, name,
                                                    r["DashboardValidationMessages"]))
    _, got = aws.run("cloudwatch", "get-dashboard", "--dashboard-name", name)
    if got.get("DashboardName") != name or got.get("DashboardBody") != body:
        raise Failure("%s: get-dashboard %s returned a different body" % (spec, name))


def check_dashboards(aws, pool, out, spec):
    ddir = os.path.join(out, "dashboards")
    names = sorted(f[:-5] for f in os.listdir(ddir) if f.endswith(".json")) \
        if os.path.isdir(ddir) else []
    bodies = {}
    for name in names:
        with open(os.path.join(ddir, name + ".json"), encoding="utf-8") as f:
            text = f.read()
        if not text.endswith("\n") or text.endswith("\n\n"):
            raise Failure("%s: %s.json must end in exactly one newline" % (spec, name))
        bodies[name] = text
    # The CLI's start-up dominates: run the dashboards side by side (the checks are per name).
    for f in [pool.submit(put_get, aws, spec, n, bodies[n][:-1]) for n in names]:
        f.result()
    main = os.path.join(out, "cloudwatch-dashboard.json")
    if os.path.exists(main):
        with open(main, encoding="utf-8") as f:
            text = f.read()
        if text not in bodies.values():
            raise Failure("%s: cloudwatch-dashboard.json is none of dashboards/*.json" % spec)
    elif names:
        raise Failure("%s: dashboards but no cloudwatch-dashboard.json" % spec)
    return names


def make_topic(aws, spec, region, t):
    _, r = aws.run("sns", "create-topic", "--name", t["name"], region=region)
    arn = r["TopicArn"]
    if not arn.endswith(":" + t["name"]) or (":%s:" % region) not in arn:
        raise Failure("%s: create-topic %s gave %s" % (spec, t["name"], arn))
    for s in t["subscriptions"]:
        aws.run("sns", "subscribe", "--topic-arn", arn, "--protocol", s["protocol"],
                "--notification-endpoint", s["endpoint"], region=region)


def check_topics(aws, pool, ir, spec):
    """Creates the spec's topics and subscriptions; returns {(region, name): subscriptions}."""
    region = ir["region"]
    # An `sns:` target (existing_arn) is published to, never created.
    mine = [t for t in ir["topics"] if not t.get("existing_arn")]
    for f in [pool.submit(make_topic, aws, spec, region, t) for t in mine]:
        f.result()
    return {(region, t["name"]): {(s["protocol"], s["endpoint"]) for s in t["subscriptions"]}
            for t in mine}


def list_back(aws, dashboards, topics):
    """One list call per kind and region: everything created must be there, as created."""
    _, listed = aws.run("cloudwatch", "list-dashboards")
    have = {d["DashboardName"] for d in listed.get("DashboardEntries", [])}
    if set(dashboards) - have:
        raise Failure("list-dashboards lacks %s" % sorted(set(dashboards) - have))
    for region in sorted({r for r, _ in topics}):
        _, listed = aws.run("sns", "list-topics", region=region)
        arns = {x["TopicArn"] for x in listed.get("Topics", [])}
        _, subs = aws.run("sns", "list-subscriptions", region=region)
        for (r, name), want in sorted(topics.items()):
            if r != region:
                continue
            arn = [a for a in arns if a.endswith(":" + name)]
            if len(arn) != 1:
                raise Failure("list-topics (%s) lacks %s" % (region, name))
            got = {(x["Protocol"], x["Endpoint"]) for x in subs.get("Subscriptions", [])
                   if x["TopicArn"] == arn[0]}
            if got != want:
                raise Failure("topic %s has subscriptions %s, expected %s"
                              % (name, sorted(got), sorted(want)))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: moto_dashboards.py MONCC SRCDIR")
    binary, srcdir = os.path.abspath(sys.argv[1]), sys.argv[2]
    for tool in ("moto_server", "aws"):
        if not shutil.which(tool):
            print("SKIP: %s is not installed; the moto round trip was not run" % tool)
            return SKIP
    tmp = tempfile.mkdtemp(prefix="moncc-moto-")
    proc = None
    log = None
    pool = None
    try:
        port = free_port()
        log = open(os.path.join(tmp, "moto.log"), "wb")
        env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="3")
        proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env=env)
        wait_listening(port, proc)
        aws = Aws("http://127.0.0.1:%d" % port, tmp)
        bootstrap(aws)
        dashboards, topics = [], {}
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=4)
        for i, spec in enumerate(SPECS):
            # Two levels down: infra/monitoring's outputs leave DIR with `../../docs`.
            out = os.path.join(tmp, "spec%d" % i, "out")
            moncc(binary, srcdir, "build", spec, "-o", out)
            ir = json.loads(moncc(binary, srcdir, "inspect", spec, "--color", "never"))
            dashboards += check_dashboards(aws, pool, out, spec)
            topics.update(check_topics(aws, pool, ir, spec))
        if not dashboards or not topics:
            raise Failure("nothing was deployed (%d dashboards, %d topics)"
                          % (len(dashboards), len(topics)))
        list_back(aws, dashboards, topics)
        print("ok: %d dashboards round-tripped, %d topics with %d subscriptions created"
              % (len(dashboards), len(topics), sum(len(v) for v in topics.values())))
        return 0
    except Failure as e:
        print("FAIL: %s" % e)
        if log:
            log.flush()
            with open(os.path.join(tmp, "moto.log"), "rb") as f:
                tail = f.read()[-3000:].decode(errors="replace")
            print("moto_server log (tail):\n" + tail)
        return 1
    finally:
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if log:
            log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
