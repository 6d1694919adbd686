#!/usr/bin/env python3
"""Writes a moncc spec with N services to standard output (or to -o FILE), for the benchmark.

Usage: gen.py N [-o FILE]

Every service has what issue 4 asks for: an ALB with a target group, an EC2 Spot instance with
the CloudWatch agent, a WAF web ACL, two SLOs (availability and latency on the ALB) and two
custom alarms (memory with two tiers, and a metric-math error ratio), on top of the alarms the
stdlib kinds bring. The shared part (tiers, notify targets, cost, an overview dashboard) is the
contract example's. Names and ids are derived from the service number, so the output depends
on N only.
"""

import sys

HEAD = """moncc: 1
project: bench
environment: prod
region: us-east-1
runbook_base: https://git.example.com/ops/blob/main/docs/incident-response.md

defaults:
  period: 5m
  datapoints: 3 of 3
  missing_data: not_breaching
  slo_alerting: multiwindow

tiers:
  critical: { notify: [pager], respond_within: 15m, escalate: { after: 30m, to: [lead] } }
  warning:  { notify: [team],  respond_within: 4h }
  info:     { notify: [],      respond_within: 1d }

notify:
  pager: { email: oncall@example.com, https: https://events.pagerduty.example/integration/abc }
  team:  { email: team@example.com }
  lead:  { email: lead@example.com }

cost:
  budget:
    monthly: 4000 USD
    alerts:
      - { tier: warning,  at: 80%,  of: forecast }
      - { tier: critical, at: 100%, of: actual }
  anomalies: { above: 25 USD, tier: warning }

services:
"""

SERVICE = """  svc{i:05d}:
    title: Service {i}
    owner: team-{team}
    resources:
      lb:   {{ kind: alb, load_balancer: app/svc{i:05d}/{h16},
              target_group: targetgroup/svc{i:05d}/{t16} }}
      host: {{ kind: ec2, instance: i-{h17}, spot: true, agent: true }}
      waf:  {{ kind: waf, web_acl: svc{i:05d}-acl }}
    slos:
      availability: {{ objective: 99.5%, window: 30d, sli: lb.availability }}
      latency:      {{ objective: 95%,   window: 30d, sli: lb.latency, threshold: 2s }}
    alarms:
      memory:
        metric: host.memory_used
        warning: "> 80% for 15m"
        critical: "> 95% for 5m"
        runbook: Check the processes using memory on the instance.
      errors-per-request:
        expr: "IF(lb.requests >= 20, 100 * (lb.target_5xx + lb.elb_5xx) / lb.requests, 0)"
        warning: "> 2 for 10m"
"""


DASHBOARD = """  svc{i:05d}:
    rows:
      - [ {{ graph: [svc{i:05d}.lb.requests, svc{i:05d}.lb.target_5xx],
             title: Traffic and errors }},
          {{ number: svc{i:05d}.availability }} ]
      - [ {{ graph: [svc{i:05d}.host.memory_used], title: Memory }} ]
"""


def main(argv):
    args = argv[1:]
    out = None
    if "-o" in args:
        k = args.index("-o")
        out = args[k + 1]
        del args[k:k + 2]
    if len(args) != 1 or not args[0].isdigit() or int(args[0]) < 1:
        sys.exit("usage: gen.py N [-o FILE]")
    n = int(args[0])
    parts = [HEAD]
    for i in range(n):
        parts.append(SERVICE.format(i=i, team=i % 20, h16="%016x" % (i * 7919 + 1),
                                    t16="%016x" % (i * 104729 + 3), h17="%017x" % (i + 1)))
    parts.append("dashboards:\n")
    for i in range(n):
        parts.append(DASHBOARD.format(i=i))
    text = "".join(parts)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
