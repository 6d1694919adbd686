/*
 * The IR: one typed, fully resolved, sorted description of everything a spec asks for.
 *
 * Produced by compiler/lower (spec tree + stdlib/imported templates -> IR) after the
 * structure has been validated; read by the lint rules, `moncc inspect`, every emitter
 * (dashboards, alarms.yaml, CloudFormation, Grafana, runbooks) and plan/apply. Nothing here
 * points back into YAML nodes except the spans, so an emitter cannot read YAML.
 *
 * Conventions:
 *   - Every item has `id`: a stable, unique, human-readable IR id ("chat/memory/critical",
 *     "topic/pager"); arrays are sorted by id once, in lowering, and never re-sorted.
 *   - AWS names (`name`) are already prefixed, length-checked and shortened with a stable
 *     hash where AWS limits require it.
 *   - References between items are by IR id (strings), resolved by the lowering: an id
 *     always names an existing item (ir_verify.c checks this in debug builds).
 *   - Numbers are in AWS's units: seconds for periods, the metric's own unit for thresholds,
 *     ratios (0..1) for SLO budgets, USD for money.
 *   - `span` is the spec text the item came from (for lint and plan messages);
 *     `template_span` the template line, when the item came from a kind.
 *   - All memory lives in the session arena.
 */
#ifndef MC_IR_IR_H
#define MC_IR_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/source.h"

typedef struct {
	const char *name;
	const char *value;
} mc_ir_dim;

/* One CloudWatch metric with its statistic: a MetricStat. */
typedef struct {
	const char *ns;          /* "AWS/ApplicationELB" */
	const char *metric;      /* "RequestCount" */
	mc_ir_dim *dims;         /* sorted by name */
	size_t ndims;
	const char *stat;        /* CloudWatch spelling: "Sum", "p99", "TC(:2)" */
	uint32_t period_s;
	const char *unit;        /* CloudWatch StandardUnit spelling, or NULL */
	const char *region;      /* NULL: the spec's region (EstimatedCharges: us-east-1) */
	bool sparse;             /* only published when non-zero (wrap in FILL or not_breaching) */
} mc_ir_metric;

/* A MetricDataQuery: either a metric or an expression over other queries' ids. */
typedef struct {
	const char *id;          /* ^[a-z][A-Za-z0-9_]*$, unique within its alarm/widget */
	mc_ir_metric *metric;    /* NULL for an expression */
	const char *expression;  /* NULL for a metric */
	const char *label;       /* may be NULL */
	uint32_t period_s;       /* expressions only (0 = inherit) */
	bool return_data;
} mc_ir_query;

typedef enum {
	MC_IR_CMP_GT,            /* GreaterThanThreshold */
	MC_IR_CMP_GE,            /* GreaterThanOrEqualToThreshold */
	MC_IR_CMP_LT,            /* LessThanThreshold */
	MC_IR_CMP_LE,            /* LessThanOrEqualToThreshold */
	MC_IR_CMP_OUTSIDE_BAND,  /* LessThanLowerOrGreaterThanUpperThreshold */
	MC_IR_CMP_ABOVE_BAND,    /* GreaterThanUpperThreshold */
	MC_IR_CMP_BELOW_BAND,    /* LessThanLowerThreshold */
} mc_ir_cmp;

typedef enum {
	MC_IR_MISSING_MISSING,
	MC_IR_MISSING_NOT_BREACHING,
	MC_IR_MISSING_BREACHING,
	MC_IR_MISSING_IGNORE,
} mc_ir_missing;

/* Where an alarm or rule sends its notifications: SNS topics and automated actions. */
typedef struct {
	const char **topics;     /* topic ids ("topic/pager") */
	size_t ntopics;
	const char **actions;    /* "ec2:recover", "ec2:reboot", "scale:chat/fleet.out" ("scale:"
	                            and a scaling policy's id) */
	size_t nactions;
} mc_ir_actions;

typedef enum {
	MC_IR_ORIGIN_SPEC,       /* an alarm written in the spec's `alarms:` */
	MC_IR_ORIGIN_KIND,       /* an alarm a kind brings (possibly overridden) */
	MC_IR_ORIGIN_SLO,        /* a burn-rate child alarm or composite */
	MC_IR_ORIGIN_ESCALATION, /* the "still in ALARM after `after`" alarm of a tier */
	MC_IR_ORIGIN_COST,       /* billing alarms */
	MC_IR_ORIGIN_EVENT,      /* TriggeredRules alarm over an EventBridge rule */
} mc_ir_origin;

typedef struct {
	const char *id;          /* "chat/memory/critical" */
	const char *name;        /* AlarmName: "anythingllm-production-chat-memory-critical" */
	const char *service;     /* NULL for account-wide (cost) alarms */
	const char *source;      /* the spec/kind alarm it came from: "memory", "lb.latency-p99" */
	const char *tier;        /* tier name; NULL for SLO child alarms (the composite has it) */
	const char *description; /* one line: what it means; emitters append the runbook link */
	const char *runbook;     /* runbook entry id, or NULL */
	/* Exactly one of metric / queries. */
	mc_ir_metric *metric;
	mc_ir_query *queries;
	size_t nqueries;
	const char *threshold_metric_id; /* anomaly alarms: the band query's id; else NULL */
	double threshold;        /* unused for anomaly alarms */
	mc_ir_cmp cmp;
	uint32_t period_s;
	uint32_t evaluation_periods;
	uint32_t datapoints;
	mc_ir_missing missing;
	mc_ir_origin origin;     /* here, beside the other 4-byte fields: no padding */
	const char *low_sample;  /* "evaluate" / "ignore" for percentile alarms, else NULL */
	mc_ir_actions on_alarm;  /* empty for SLO child alarms */
	mc_ir_actions on_ok;
	mc_span span;
	mc_span template_span;
} mc_ir_alarm;

typedef struct {
	const char *id;          /* "chat/availability/burn-1h" */
	const char *name;
	const char *service;
	const char *source;      /* the SLO name */
	const char *tier;
	mc_ir_origin origin;
	const char *description;
	const char *runbook;
	const char *rule;        /* AlarmRule with alarm *ids* in ALARM("..."); emitters map to names/refs */
	const char **children;   /* alarm ids named in the rule, sorted */
	size_t nchildren;
	mc_ir_actions on_alarm;
	mc_ir_actions on_ok;
	const char *suppressor;  /* composite or alarm id, or NULL */
	uint32_t suppressor_wait_s;
	uint32_t suppressor_extension_s;
	mc_span span;
} mc_ir_composite;

typedef struct {
	const char *id;
	mc_ir_metric metric;     /* single-metric detector */
	const char *alarm;       /* the alarm that uses its band */
	/* Configuration.MetricTimezone (CloudFormation: MetricTimeZone): a tz database name
	 * (shape checked, compiler/sema/timezone.h) the model's daily and weekly pattern
	 * follows; NULL: none, AWS models in UTC. */
	const char *timezone;
	mc_span span;
} mc_ir_anomaly_detector;

typedef struct {
	const char *id;          /* "topic/pager" */
	const char *target;      /* "pager": the notify target */
	const char *name;        /* TopicName: "anythingllm-production-pager" */
	const char *existing_arn;/* `sns:` targets: publish to this topic, create nothing */
	struct mc_ir_subscription {
		const char *protocol;/* email, https, sms, lambda */
		const char *endpoint;
		mc_span span;
	} *subscriptions;
	size_t nsubscriptions;
	/* Service principals that must be allowed to publish (topic policy). */
	bool from_cloudwatch, from_events, from_budgets, from_cost_anomaly;
	mc_span span;
} mc_ir_topic;

typedef struct {
	const char *name;        /* "critical" */
	unsigned rank;           /* 0 = most severe */
	uint64_t respond_within_s; /* 0 = not stated */
	const char **topics;     /* topic ids */
	size_t ntopics;
	uint64_t escalate_after_s; /* 0 = no escalation */
	const char **escalate_topics;
	size_t nescalate_topics;
	const char *description;
	mc_span span;
} mc_ir_tier;

typedef struct {
	const char *id;          /* "chat/host/spot-interruption" */
	const char *name;        /* Rule name (<= 64, [.\-_A-Za-z0-9]) */
	const char *service;
	const char *description;
	const char *pattern;     /* EventPattern, canonical compact JSON */
	const char *tier;
	mc_ir_actions targets;   /* SNS topics (and later Lambda/SSM) */
	const char *runbook;
	mc_span span;
	mc_span template_span;
} mc_ir_event_rule;

/*
 * An Auto Scaling simple scaling policy (AWS::AutoScaling::ScalingPolicy, PolicyType
 * SimpleScaling) that a kind defines in `remediation: scale:NAME` and an alarm runs from its
 * `on_alarm: [scale:RESOURCE.NAME]`. Only policies some alarm runs are lowered. Simple
 * scaling needs no step bounds relative to the alarm's threshold, so one policy suits every
 * tier of an alarm and alarms with either comparison.
 */
typedef struct {
	const char *id;          /* "chat/fleet.out": SERVICE/RESOURCE.NAME */
	const char *name;        /* "shop-prod-chat-fleet-scale-out": the CloudFormation export */
	const char *service;
	const char *resource;    /* "fleet" */
	const char *policy;      /* "out": the NAME of `scale:NAME` */
	const char *description;
	const char *group;       /* AutoScalingGroupName */
	bool percent;            /* PercentChangeInCapacity, else ChangeInCapacity */
	int32_t adjustment;      /* ScalingAdjustment: instances (or percent), never 0 */
	uint32_t min_magnitude;  /* MinAdjustmentMagnitude (percent only); 0 = unset */
	uint32_t cooldown_s;     /* Cooldown, when has_cooldown (else the group's default) */
	bool has_cooldown;
	mc_span span;            /* the first `on_alarm` item that runs it */
	mc_span template_span;   /* the `scale:NAME` key in the template */
} mc_ir_scaling_policy;

typedef struct {
	const char *id;
	const char *log_group;
	const char *name;        /* FilterName */
	const char *pattern;
	const char *metric_ns, *metric_name;
	const char *value;       /* "1" or "$.field" */
	double default_value;
	bool has_default;
	const char *unit;
	mc_ir_dim *dims;         /* value is a `$.field` selector */
	size_t ndims;
	mc_span span;
} mc_ir_log_filter;

typedef struct {
	const char *id;
	const char *name;        /* QueryDefinition name, may contain `/` folders */
	const char **log_groups;
	size_t nlog_groups;
	const char *query;
	mc_span span;
} mc_ir_log_query;

typedef struct {
	const char *id;
	const char *name;
	double amount;           /* USD per month */
	struct mc_ir_budget_alert {
		bool forecast;   /* FORECASTED, else ACTUAL */
		double percent;  /* 80 = 80% */
		const char *tier;
		const char **topics;
		size_t ntopics;
		mc_span span;
	} *alerts;
	size_t nalerts;
	mc_span span;
} mc_ir_budget;

typedef struct {
	const char *id;
	const char *monitor_name;
	const char *subscription_name;
	double above_usd;        /* ANOMALY_TOTAL_IMPACT_ABSOLUTE */
	double above_percent;    /* 0 = not set */
	const char *frequency;   /* IMMEDIATE, DAILY, WEEKLY */
	const char *tier;
	const char **topics;
	size_t ntopics;
	mc_span span;
} mc_ir_cost_anomaly;

typedef enum {
	MC_IR_WIDGET_METRIC,
	MC_IR_WIDGET_SINGLE_VALUE,
	MC_IR_WIDGET_LOG,
	MC_IR_WIDGET_ALARM,
	MC_IR_WIDGET_TEXT,
} mc_ir_widget_kind;

typedef struct {
	mc_ir_widget_kind kind;
	uint32_t x, y, width, height; /* positioned on the 24-column grid */
	const char *title;
	mc_ir_query *queries;    /* metric and single-value widgets */
	size_t nqueries;
	struct mc_ir_annotation {
		double value;
		const char *label;
		const char *tier;
	} *annotations;          /* horizontal threshold lines of alarmed metrics */
	size_t nannotations;
	bool stacked;
	uint32_t period_s;
	/* Metric widgets with a time range of their own (week-over-week comparisons): the
	 * widget shows the range_s seconds that end shift_s seconds ago. 0 = the dashboard's
	 * range; shift_s needs range_s. Grafana shifts a panel (`timeShift`); CloudWatch cannot
	 * shift a widget, so it shows the last range_s + shift_s seconds instead. */
	uint32_t range_s;
	uint32_t shift_s;
	bool firing_only;        /* alarm widgets: only alarms in ALARM (CloudWatch `states`) */
	const char *log_query;   /* log widgets: the query without SOURCE */
	const char **log_groups;
	size_t nlog_groups;
	const char **alarms;     /* alarm widgets: alarm/composite ids */
	size_t nalarms;
	const char *markdown;    /* text widgets */
	const char *region;      /* NULL: the spec's region; billing widgets: us-east-1 */
	mc_span span;
} mc_ir_widget;

typedef struct {
	const char *id;          /* "dashboard/health" */
	const char *name;        /* DashboardName */
	const char *title;
	const char *preset;      /* NULL for custom rows */
	bool narrow;
	const char *start;       /* "-PT3H", or NULL */
	mc_ir_widget *widgets;
	size_t nwidgets;
	bool main;               /* written as cloudwatch-dashboard.json */
	mc_span span;
} mc_ir_dashboard;

typedef struct {
	const char *id;          /* anchor in incident-response.md: "chat-memory" */
	const char *title;
	const char *service;
	const char *tier;        /* highest tier of the alarms that link here */
	const char *meaning;     /* what it means, one or two sentences */
	const char *condition;   /* the condition in words, per tier */
	const char *body;        /* markdown: diagnosis, mitigation, queries (from spec/kind) */
	const char **alarms;     /* alarm/composite ids that link here */
	size_t nalarms;
	const char *dashboard;   /* dashboard id to open */
	mc_span span;
	const char *why;         /* why these thresholds (a kind alarm's `why:`), or NULL */
} mc_ir_runbook;

/*
 * `slo_backend: application-signals`: what an emitter needs to write one
 * AWS::ApplicationSignals::ServiceLevelObjective with a request-based SLI. The burn-rate
 * alerts are ordinary IR alarms on the `AWS/ApplicationSignals` `BurnRate` metric it
 * publishes (dimensions SloName = name, BurnRateWindowMinutes), joined by the SLO's composites.
 */
typedef struct {
	const char *name;        /* Name: [0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z] */
	const char *description; /* Description, at most 1024 bytes */
	/* RequestBasedSliMetric: two MetricDataQueries lists, each with exactly one query that
	 * returns data (MetricStat periods 60 s). */
	mc_ir_query *total;      /* TotalRequestCountMetric */
	size_t ntotal;
	mc_ir_query *monitored;  /* MonitoredRequestCountMetric: GoodCountMetric or BadCountMetric */
	size_t nmonitored;
	bool monitored_bad;      /* BadCountMetric, else GoodCountMetric */
	double attainment_pct;   /* Goal.AttainmentGoal: 99.9 */
	double warning_pct;      /* Goal.WarningThreshold: % of the budget left (AWS default 50) */
	uint32_t interval;       /* Goal.Interval.RollingInterval.Duration */
	const char *interval_unit; /* its DurationUnit: "DAY" (or "HOUR", "MINUTE") */
	uint32_t *burn_windows_min; /* BurnRateConfigurations[].LookBackWindowMinutes, ascending,
	                               distinct, 1..10080, at most 10 */
	size_t nburn_windows;
} mc_ir_app_slo;

typedef struct {
	const char *id;          /* "chat/availability" */
	const char *service;
	const char *name;
	double objective;        /* 0.995 */
	uint64_t window_s;
	const char *sli_kind;    /* "ratio" */
	mc_ir_query *queries;    /* good-or-bad and total, last one the error ratio */
	size_t nqueries;
	const char **composites; /* burn-rate composites, fastest first */
	size_t ncomposites;
	bool application_signals;
	mc_ir_app_slo *app;      /* the Application Signals SLO when application_signals, else NULL */
	mc_span span;
} mc_ir_slo;

typedef struct {
	const char *name;
	const char *title;
	const char *owner;
	const char *description;
	struct mc_ir_resource {
		const char *name;
		const char *kind;
		mc_span span;
		/* A sub-resource of a composed kind: the resource that brought it (`app` for
		 * `app-lb`); NULL for the spec's own resources. */
		const char *parent;
	} *resources;
	size_t nresources;
	mc_span span;
} mc_ir_service;

/*
 * A requirement (spec `requirements:`): one item the monitoring was asked to cover and what
 * serves it, every reference resolved by the lowering (lower_requirements.c).
 */
typedef struct {
	const char *ref;      /* as written: `chat.lb.latency-p99`, `chat.memory` */
	const char *runbook;  /* the runbook entry its alarms link to, or NULL */
	const char **alarms;  /* the alarm ids it became, one per tier, in IR order (>= 1) */
	size_t nalarms;
	mc_span span;
} mc_ir_req_alarm;

typedef struct {
	const char *ref;      /* as written: `edge.waf.top-blocked-ips` */
	const char *name;     /* the query's name in its kind */
	const char *query;    /* the Logs Insights query, after substitution */
	const char **log_groups;
	size_t nlog_groups;
	mc_span span;
} mc_ir_req_query;

typedef struct {
	const char *id;       /* the requirement's key: `perf-latency` */
	const char *title;
	const char *area;     /* `Application performance` */
	const char *notes;    /* markdown, or NULL */
	mc_ir_req_alarm *alarms;  size_t nalarms;     /* each in spec order */
	const char **dashboards;  size_t ndashboards; /* dashboard ids: `dashboard/health` */
	mc_ir_req_query *queries; size_t nqueries;
	const char **slos;        size_t nslos;       /* SLO ids: `chat/availability` */
	const char **metrics;     size_t nmetrics;    /* metric references as written */
	mc_span span;         /* the id's key */
} mc_ir_requirement;

typedef struct {
	const char *project, *environment, *region, *account;
	const char *runbook_base;
	const char *spec_path;
	mc_ir_service *services;       size_t nservices;
	mc_ir_tier *tiers;             size_t ntiers;      /* by rank, not by id */
	mc_ir_topic *topics;           size_t ntopics;
	mc_ir_alarm *alarms;           size_t nalarms;
	mc_ir_composite *composites;   size_t ncomposites;
	mc_ir_anomaly_detector *detectors; size_t ndetectors;
	mc_ir_event_rule *rules;       size_t nrules;
	mc_ir_scaling_policy *scaling_policies; size_t nscaling_policies;
	mc_ir_log_filter *log_filters; size_t nlog_filters;
	mc_ir_log_query *log_queries;  size_t nlog_queries;
	mc_ir_budget *budgets;         size_t nbudgets;
	mc_ir_cost_anomaly *cost_anomalies; size_t ncost_anomalies;
	mc_ir_slo *slos;               size_t nslos;
	mc_ir_dashboard *dashboards;   size_t ndashboards;
	mc_ir_runbook *runbooks;       size_t nrunbooks;
	mc_ir_requirement *requirements; size_t nrequirements; /* in spec order, not by id */
	/* Lookups by id (ir_index.h), built by the lowering; NULL in an IR built by hand. */
	const struct mc_ir_index *index;
} mc_ir;

/* The service named name, or NULL: a binary search, as lowering sorts services by name
 * (ir_find.c). */
const mc_ir_service *mc_ir_find_service(const mc_ir *ir, const char *name);

#endif
