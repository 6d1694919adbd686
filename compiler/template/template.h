/*
 * Templates: the kinds of resources (`alb`, `ec2`, `waf`, or a user's own) and their instances.
 *
 * A kind is one YAML file in the template format (docs/templates.md, schema/template.schema.json):
 * typed parameters, then what an instance brings (metrics, SLIs, alarms, widgets, EventBridge
 * rules, log metric filters, saved queries, remediation actions). The stdlib kinds are embedded
 * in the binary (stdlib/KIND.yaml); more come from the files a spec names in `imports:`.
 *
 * mc_templates_load() consumes the embedded stdlib plus the imported files and produces a
 * registry: every template validated against the template schema and checked for template
 * bugs (`${x}` naming no parameter, `when:` naming none, names that do not resolve within the
 * template, inconsistent parameter declarations). Templates are registered in the source
 * registry under `stdlib/KIND.yaml` or their import path, so every diagnostic points into them.
 *
 * mc_template_instantiate() consumes one template and one resource of the spec and produces an
 * mc_instance: parameters checked and defaulted, `${...}` substituted, `when:` applied, and each
 * item typed. An error found in an instantiated template points at the template (primary) and at
 * the resource's `kind:` value ("instantiated here").
 *
 * Everything lives in the arena passed in, except the compiled PCRE2 patterns of string
 * parameters, which mc_templates_free() releases.
 */
#ifndef MC_TEMPLATE_TEMPLATE_H
#define MC_TEMPLATE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "load/load.h"
#include "load/node.h"
#include "schema/validate.h"
#include "sema/units.h"

/* ---- templates ---- */

typedef enum {
	MC_PARAM_STRING,
	MC_PARAM_NUMBER,
	MC_PARAM_INTEGER,
	MC_PARAM_BOOL,
	MC_PARAM_DURATION,   /* `5m`; substituted as written */
	MC_PARAM_TIME,       /* `2s`, `500ms` or a number of seconds; substituted in seconds */
	MC_PARAM_PERCENTAGE, /* `80%`; substituted as written */
	MC_PARAM_LIST,       /* list of strings */
} mc_param_type;

typedef struct {
	const char *name;
	mc_param_type type;
	bool required;
	const mc_node *def;  /* `default:`, or NULL */
	const char *pattern; /* string parameters: the regular expression, or NULL */
	void *re;            /* its compiled pcre2_code (owned by the registry) */
	const char *description;
	const mc_node *key; /* the parameter's key in the template */
	/* Set when any `${name}` or `when:` of the template mentions the parameter; the lint
	 * reports parameters that nothing uses. */
	bool used;
} mc_param;

typedef struct {
	mc_param *v;
	size_t len;
} mc_params;

typedef struct mc_template {
	const char *kind; /* `alb` */
	const char *path; /* `stdlib/alb.yaml` or the import path as resolved */
	bool stdlib;
	uint32_t file;            /* source id */
	const mc_node *root;      /* the validated template tree */
	const mc_node *kind_node; /* the `kind:` value */
	const char *title;        /* may be NULL */
	const char *description;  /* may be NULL */
	mc_params params;
	mc_params *sli_params; /* the `parameters:` of each SLI, in the order of `slis:` */
	/* The sections, each NULL when absent. */
	const mc_node *metrics, *slis, *alarms, *widgets, *events, *log_filters, *queries,
	        *remediation;
	/* `resources:`, the sub-resources of a composed kind (NULL when absent), and the
	 * template of each, in the same order: set by the registry once every kind is loaded
	 * (compose.c), so a template loaded alone has NULL here. */
	const mc_node *resources;
	const struct mc_template **subs;
} mc_template;

typedef struct mc_templates mc_templates;

/*
 * Loads the stdlib and every import. imports is the spec's `imports:` list node (or NULL);
 * each path is relative to base_dir (the spec's folder; NULL or "" for the current one).
 * Problems are reported to d (E0301 at an import that cannot be read, E0302 for a kind
 * defined twice, schema errors and template bugs at the template); a template with errors
 * is left out of the registry. Never returns NULL; free with mc_templates_free.
 */
mc_templates *mc_templates_load(mc_sources *srcs, const char *base_dir, const mc_node *imports,
                                const mc_load_limits *lim, mc_arena *arena, mc_diags *d);

/* A template file's bytes, for mc_templates_load_memory (borrowed; copied when loaded). */
typedef struct {
	const char *bytes;
	size_t len;
} mc_template_bytes;

/*
 * As mc_templates_load, but the i-th `imports:` entry reads files[i] instead of a file (an
 * entry past nfiles is reported as missing, E0301). For the fuzz target, which must not read
 * files but should reach local templates and their composition.
 */
mc_templates *mc_templates_load_memory(mc_sources *srcs, const mc_node *imports,
                                       const mc_template_bytes *files, size_t nfiles,
                                       const mc_load_limits *lim, mc_arena *arena,
                                       mc_diags *d);

/* Frees the compiled patterns; the rest lives in the arena. NULL is fine. */
void mc_templates_free(mc_templates *ts);

/* The template of a kind, or NULL. */
const mc_template *mc_templates_find(const mc_templates *ts, const char *kind);
/* All kinds, sorted by name; *n receives their count. */
const mc_template *const *mc_templates_all(const mc_templates *ts, size_t *n);

/*
 * Reports E0300 "unknown kind `albb`" at kind_value (a resource's `kind:` value), with a
 * did-you-mean help and a note listing the kinds. Says nothing for a kind whose imported
 * template had errors (they are reported already), so call it for every kind not found.
 */
void mc_templates_report_unknown(const mc_templates *ts, const mc_node *kind_value, mc_diags *d);

/* The compiled template schema (compiled on first use, kept for the process). */
const mc_schema *mc_schema_template(void);
void mc_schema_template_release(void);

/*
 * Loads and checks one template from bytes registered as `path` (the unit tests and the
 * stdlib loader use it). Returns NULL after reporting when it has errors. The registry form
 * above is what the compiler uses; a template loaded alone must be freed with
 * mc_template_release (its patterns).
 */
mc_template *mc_template_load_buffer(mc_sources *srcs, const char *path, const char *bytes,
                                     size_t len, const mc_load_limits *lim, mc_arena *arena,
                                     mc_diags *d);
void mc_template_release(mc_template *t);

/* ---- instances ---- */

/* The built-in variables: `${project}`, `${environment}` ("" when unset), `${region}`. */
typedef struct {
	const char *project;
	const char *environment;
	const char *region;
	/*
	 * Where substituted copies of template nodes go, or NULL: the instance's arena. They are
	 * read only while the spec is lowered, and the lowering frees them at its end (their
	 * texts stay in the instance's arena, where the IR may point).
	 */
	mc_arena *nodes;
} mc_subst_env;

typedef struct {
	const char *name;
	const char *value;
	mc_span span; /* the dimension's value in the template */
} mc_inst_dim;

typedef struct {
	const char *name; /* `requests` (the spec's `lb.requests`) */
	/* The template's name of the metric: `name` itself, or for a `for_each` metric the
	 * name all its copies share (`blocked_rule` for `blocked_rule_ratelimit`), which is how
	 * widgets of the template name them all. */
	const char *group;
	const char *ns;     /* `AWS/ApplicationELB` */
	const char *metric; /* `RequestCount` */
	mc_inst_dim *dims;  /* sorted by name */
	size_t ndims;
	const char *stat;  /* canonical (`Sum`, `p99`); `Average` when unset */
	uint32_t period_s; /* 0: not given (use the alarm's or the spec's default) */
	mc_unit unit;      /* MC_UNIT_UNSET when not given */
	bool sparse;
	/* `traffic`, `latency`, `errors` or `saturation` (the trends and incident dashboards'
	 * golden signals), or NULL. */
	const char *signal;
	const char *description;
	mc_span span; /* the metric's key in the template */
} mc_inst_metric;

/* One side of an SLI: an expression text, or a metric read with a statistic. */
typedef struct {
	const mc_node *node;          /* the template node (an expression scalar, or the mapping) */
	const char *expr;             /* expression form, after substitution; else NULL */
	const mc_inst_metric *metric; /* metric form; else NULL */
	const char *stat; /* metric form, after substitution (SLI parameters still as `${}`) */
} mc_sli_part;

typedef struct {
	const char *name; /* `availability` */
	const char *description;
	bool bad; /* `bad:` given (else `good:`) */
	mc_sli_part good_or_bad;
	mc_sli_part total;
	mc_params params; /* SLI parameters such as `threshold` */
	mc_span span;
} mc_inst_sli;

typedef struct {
	const char *name; /* `latency-p99` */
	/* The template's alarm mapping with `${...}` substituted in every string (strings that
	 * changed are new nodes with the template span; the rest are the template's own nodes),
	 * so the condition parser can point inside `warning:` and `critical:`. `when` and `why`
	 * are still in it: the lowering ignores them. */
	const mc_node *node;
	const mc_inst_metric *metric; /* `metric:`; NULL for an `expr:` alarm */
	const mc_node *expr;          /* `expr:` (substituted); NULL for a metric alarm */
	const char *description;
	const char *why;
	const char *runbook; /* NULL when the template has none */
	mc_span span;        /* the alarm's key in the template */
} mc_inst_alarm;

typedef struct {
	const mc_node *node; /* the widget mapping, substituted; `when` still in it */
	mc_span span;
} mc_inst_widget;

typedef struct {
	const char *name;
	const char *description;
	const char *pattern; /* canonical compact JSON, keys in source order */
	const char *tier;
	const char *runbook; /* may be NULL */
	mc_span span;
} mc_inst_event;

typedef struct {
	const char *name;
	const char *description; /* may be NULL */
	const char *log_group;
	const char *pattern;
	const char *metric;
	const char *ns;    /* NULL: the project's name */
	const char *value; /* `1` unless given */
	mc_span span;
} mc_inst_log_filter;

typedef struct {
	const char *name;
	const char *description; /* may be NULL */
	const char **log_groups;
	size_t nlog_groups;
	const char *query;
	mc_span span;
} mc_inst_query;

typedef struct {
	const char *action; /* `ec2:recover`, `scale:out` */
	const char *description;
	bool requires_single_instance;
	mc_span span;
	/* `scale:NAME` only: the simple scaling policy, substituted and checked (E0311, E0331).
	 * policy_ok is false when it has errors; the lowering then adds no policy. */
	bool scaling, policy_ok;
	const char *group;      /* AutoScalingGroupName */
	bool percent;           /* `+20%`: PercentChangeInCapacity */
	int32_t adjustment;     /* `+1` -> 1, `-20%` -> -20 */
	uint32_t min_magnitude; /* `min_adjustment`, 0 = unset */
	uint32_t cooldown_s;
	bool has_cooldown;
} mc_inst_remediation;

/* A parameter's value in an instance, after defaults. */
typedef struct {
	const mc_param *param;
	const mc_node *value; /* the resource's value, the default, or NULL when unset */
	const char *text;     /* as substituted (`${name}`); NULL when unset */
	bool from_default;
} mc_inst_param;

typedef struct mc_instance mc_instance;

struct mc_instance {
	const mc_template *tmpl;
	const char *resource;  /* `lb`; a sub-resource's is `PARENT-NAME` (`app-lb`) */
	const char *service;   /* `chat` */
	mc_span kind_span;     /* the resource's `kind:` value: "instantiated here" */
	mc_inst_param *params; /* in the template's order */
	size_t nparams;
	mc_inst_metric *metrics;
	size_t nmetrics; /* each list in the template's order */
	mc_inst_sli *slis;
	size_t nslis;
	mc_inst_alarm *alarms;
	size_t nalarms;
	mc_inst_widget *widgets;
	size_t nwidgets;
	mc_inst_event *events;
	size_t nevents;
	mc_inst_log_filter *log_filters;
	size_t nlog_filters;
	mc_inst_query *queries;
	size_t nqueries;
	mc_inst_remediation *remediation;
	size_t nremediation;
	/* Composition: the resource's key in the spec (a node made for a sub-resource, with
	 * the span of its key in the composing template); the instance that composed this one
	 * (NULL for a spec resource) and the sub-resource's name there (`lb`); the kept
	 * sub-resources, in template order (NULL where parameters were wrong). */
	const mc_node *key;
	const mc_instance *parent;
	const char *local;
	mc_instance **subs;
	size_t nsubs;
};

/*
 * Instantiates template t for one resource: resource_key is the resource's name in the spec
 * (a scalar: `lb`), resource its mapping (`{ kind: alb, load_balancer: ... }`). Reports to d:
 * E0304 unknown parameter (did-you-mean), E0305 missing required parameter (at the key),
 * E0306/E0307 a wrong value (at the value, with the parameter's description as a note), and
 * errors inside the template (E0310, E0311, expression errors) at the template with the
 * "instantiated here" label. Returns NULL when the parameters are wrong; else the instance
 * (which may still come with template errors: check d->nerrors).
 */
mc_instance *mc_template_instantiate(const mc_template *t, const mc_node *resource_key,
                                     const mc_node *resource, const char *service,
                                     const mc_subst_env *env, const mc_sources *srcs,
                                     mc_arena *arena, mc_diags *d);
/*
 * The same for a sub-resource of a composed kind: parent is the composing instance, and the
 * errors get one "instantiated here" label per level (compose.c calls it).
 */
mc_instance *mc_template_instantiate_sub(const mc_template *t, const mc_node *resource_key,
                                         const mc_node *resource, const mc_instance *parent,
                                         const mc_subst_env *env, const mc_sources *srcs,
                                         mc_arena *arena, mc_diags *d);

/*
 * The instance and its sub-resources, depth first (the instance itself first): what the
 * lowering turns into the service's resources. *n receives the count; the array is in the
 * arena and skips sub-resources that failed.
 */
mc_instance **mc_instance_flatten(mc_instance *in, mc_arena *arena, size_t *n);
/* The kept sub-resource named `lb` of a composed instance, or NULL. */
const mc_instance *mc_instance_sub(const mc_instance *in, const char *local, size_t len);

/* The instance's metric, SLI or alarm of a name, or NULL. A composed instance also finds
 * `SUB.NAME`, the metric of its sub-resource `SUB` (for `expr:` and widgets). */
const mc_inst_metric *mc_instance_metric(const mc_instance *in, const char *name);
const mc_inst_sli *mc_instance_sli(const mc_instance *in, const char *name);
const mc_inst_alarm *mc_instance_alarm(const mc_instance *in, const char *name);

/*
 * Adds the "instantiated here" label (at the resource's `kind:` value) to a diagnostic
 * found inside an instantiated template, e.g. by the condition parser on an alarm's node;
 * for a sub-resource one label per level, up to the spec's resource.
 */
void mc_instance_label_origin(const mc_instance *in, mc_diags *d, mc_diag *g);

/* An SLI with its parameters bound by an SLO. */
typedef struct {
	bool bad;
	const char *good_or_bad_expr; /* expression form, final; else NULL */
	const mc_inst_metric *good_or_bad_metric;
	const char *good_or_bad_stat; /* metric form: canonical statistic */
	const char *total_expr;
	const mc_inst_metric *total_metric;
	const char *total_stat;
} mc_sli_bound;

/*
 * Binds an SLI's parameters from the SLO that uses it: slo is the SLO's mapping (its keys
 * other than the SLO's own, such as `threshold`, are the SLI's parameters) and slo_span where
 * to report a missing one. Reports E0304/E0305/E0306 at the SLO and E0311 (a statistic that
 * is not one after substitution) at the template with "instantiated here". 0 when bound.
 */
int mc_sli_bind(const mc_instance *in, const mc_inst_sli *sli, const mc_node *slo, mc_span slo_span,
                const mc_sources *srcs, mc_arena *arena, mc_diags *d, mc_sli_bound *out);

#endif
