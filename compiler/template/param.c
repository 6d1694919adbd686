/*
 * Typed template parameters; see param.h.
 *
 * Consumes the `parameters:` mapping of a schema-valid template and values given by
 * resources and SLOs; produces parameter tables, verdicts and substitution texts. The
 * patterns follow JSON Schema: a PCRE2 search (unanchored: templates write `^...$`), UTF-8.
 */
#include "template/param.h"

#include <inttypes.h>
#include <pcre2.h>
#include <string.h>

#include "base/buf.h"
#include "sema/units.h"
#include "template/subst.h"

static const char *const type_names[] = {
        [MC_PARAM_STRING] = "string",         [MC_PARAM_NUMBER] = "number",
        [MC_PARAM_INTEGER] = "integer",       [MC_PARAM_BOOL] = "bool",
        [MC_PARAM_DURATION] = "duration",     [MC_PARAM_TIME] = "time",
        [MC_PARAM_PERCENTAGE] = "percentage", [MC_PARAM_LIST] = "list",
};
enum { NTYPES = sizeof type_names / sizeof type_names[0] };

const char *mc_param_type_name(mc_param_type t)
{
	return (size_t)t < NTYPES ? type_names[t] : "value";
}

/* What a type expects, for labels: "expected a boolean, found a string". */
static const char *expected(mc_param_type t)
{
	switch (t) {
	case MC_PARAM_STRING: return "a string";
	case MC_PARAM_NUMBER: return "a number";
	case MC_PARAM_INTEGER: return "an integer";
	case MC_PARAM_BOOL: return "`true` or `false`";
	case MC_PARAM_DURATION: return "a duration such as `5m`";
	case MC_PARAM_TIME: return "a time such as `2s` or `500ms`";
	case MC_PARAM_PERCENTAGE: return "a percentage such as `80%`";
	case MC_PARAM_LIST: return "a list of strings";
	}
	return "a value";
}

static const char *found(const mc_node *n)
{
	switch (n->kind) {
	case MC_NODE_INT: return "an integer";
	case MC_NODE_STRING: return "a string";
	case MC_NODE_SEQ: return "a list";
	case MC_NODE_MAP: return "a mapping";
	default: return mc_node_kind_name(n->kind);
	}
}

/* `2s`, `500ms`, `1.5m`, or a bare number of seconds. */
static int parse_time(const mc_node *n, double *seconds)
{
	if (n->kind == MC_NODE_INT) {
		*seconds = (double)n->as.i;
		return n->as.i >= 0 ? 0 : -1;
	}
	if (n->kind == MC_NODE_FLOAT) {
		*seconds = n->as.f;
		return n->as.f >= 0 && n->as.f == n->as.f ? 0 : -1;
	}
	if (n->kind != MC_NODE_STRING)
		return -1;
	size_t k = mc_number_prefix(n->text, n->text_len);
	double v;
	if (!k || mc_number_parse(n->text, k, &v) < 0 || v < 0)
		return -1;
	if (k == n->text_len) {
		*seconds = v;
		return 0;
	}
	mc_unit u = mc_unit_from_symbol(n->text + k, n->text_len - k);
	if (u == MC_UNIT_INVALID || mc_unit_dimension(u) != MC_DIM_TIME)
		return -1;
	return mc_unit_convert(v, u, MC_UNIT_SECONDS, seconds);
}

bool mc_param_matches(const mc_param *p, const char *s, size_t len)
{
	if (!p->re)
		return true;
	pcre2_code *re = p->re;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

static int fail(mc_code c, const char *text, mc_code *code, const char **why)
{
	*code = c;
	*why = text;
	return -1;
}

int mc_param_check(const mc_param *p, const mc_node *v, bool check_pattern, mc_arena *arena,
                   mc_code *code, const char **why)
{
	const char *want = expected(p->type);
	const char *wrong = mc_arena_printf(arena, "expected %s, found %s", want, found(v));
	double x;
	uint64_t secs;
	switch (p->type) {
	case MC_PARAM_STRING:
		if (v->kind != MC_NODE_STRING)
			return fail(MC_E0306, wrong, code, why);
		if (check_pattern && !mc_param_matches(p, v->text, v->text_len))
			return fail(MC_E0307,
			            mc_arena_printf(arena, "expected a value matching `%s`",
			                            p->pattern),
			            code, why);
		return 0;
	case MC_PARAM_NUMBER:
		if (v->kind != MC_NODE_INT && v->kind != MC_NODE_FLOAT)
			return fail(MC_E0306, wrong, code, why);
		return 0;
	case MC_PARAM_INTEGER:
		if (v->kind != MC_NODE_INT)
			return fail(MC_E0306, wrong, code, why);
		return 0;
	case MC_PARAM_BOOL:
		if (v->kind != MC_NODE_BOOL)
			return fail(MC_E0306, wrong, code, why);
		return 0;
	case MC_PARAM_DURATION:
		if (v->kind != MC_NODE_STRING)
			return fail(MC_E0306, wrong, code, why);
		if (mc_duration_parse(v->text, v->text_len, &secs) < 0 || secs == 0)
			return fail(MC_E0306, mc_arena_printf(arena, "expected %s", want), code,
			            why);
		return 0;
	case MC_PARAM_TIME:
		if (parse_time(v, &x) < 0)
			return v->kind == MC_NODE_STRING || v->kind == MC_NODE_INT ||
			                       v->kind == MC_NODE_FLOAT
			               ? fail(MC_E0306, mc_arena_printf(arena, "expected %s", want),
			                      code, why)
			               : fail(MC_E0306, wrong, code, why);
		return 0;
	case MC_PARAM_PERCENTAGE:
		if (v->kind != MC_NODE_STRING)
			return fail(MC_E0306, wrong, code, why);
		if (mc_percent_parse(v->text, v->text_len, &x) < 0 || x < 0 || x > 100)
			return fail(MC_E0306, mc_arena_printf(arena, "expected %s", want), code,
			            why);
		return 0;
	case MC_PARAM_LIST:
		if (v->kind != MC_NODE_SEQ)
			return fail(MC_E0306, wrong, code, why);
		for (size_t i = 0; i < v->nitems; i++) {
			const mc_node *it = v->items[i];
			if (it->kind != MC_NODE_STRING)
				return fail(MC_E0306,
				            mc_arena_printf(
				                    arena,
				                    "expected a list of strings, found %s in it",
				                    found(it)),
				            code, why);
			if (check_pattern && !mc_param_matches(p, it->text, it->text_len))
				return fail(
				        MC_E0307,
				        mc_arena_printf(arena,
				                        "expected items matching `%s`, found `%s`",
				                        p->pattern, it->text),
				        code, why);
		}
		return 0;
	}
	return 0;
}

const char *mc_param_text(const mc_param *p, const mc_node *v, mc_arena *arena)
{
	mc_buf b = MC_BUF_INIT;
	double x;
	switch (v->kind) {
	case MC_NODE_BOOL: mc_buf_puts(&b, v->as.b ? "true" : "false"); break;
	case MC_NODE_INT: mc_buf_printf(&b, "%" PRId64, v->as.i); break;
	case MC_NODE_FLOAT: mc_buf_double(&b, v->as.f); break;
	case MC_NODE_SEQ:
		/* Inside a longer string a list reads as its items joined with commas. */
		for (size_t i = 0; i < v->nitems; i++) {
			if (i)
				mc_buf_putc(&b, ',');
			if (v->items[i]->text)
				mc_buf_add(&b, v->items[i]->text, v->items[i]->text_len);
		}
		break;
	default:
		if (p->type == MC_PARAM_TIME && parse_time(v, &x) == 0)
			mc_buf_double(&b, x);
		else if (v->text)
			mc_buf_add(&b, v->text, v->text_len);
		break;
	}
	const char *s = mc_arena_strndup(arena, mc_buf_str(&b), b.len);
	mc_buf_release(&b);
	return s;
}

bool mc_param_truthy(const mc_node *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case MC_NODE_NULL: return false;
	case MC_NODE_BOOL: return v->as.b;
	case MC_NODE_STRING: return v->text_len > 0;
	case MC_NODE_SEQ: return v->nitems > 0;
	case MC_NODE_MAP: return v->npairs > 0;
	default: return true;
	}
}

const mc_param *mc_params_find(const mc_params *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->len; i++)
		if (strlen(p->v[i].name) == len && memcmp(p->v[i].name, name, len) == 0)
			return &p->v[i];
	return NULL;
}

const char **mc_params_names(const mc_params *p, mc_arena *arena)
{
	const char **v = mc_arena_alloc(arena, (p->len + 1) * sizeof *v);
	for (size_t i = 0; i < p->len; i++)
		v[i] = p->v[i].name;
	return v;
}

static const char *scalar_text(const mc_node *map, const char *key)
{
	const mc_node *n = mc_node_get(map, key);
	return n && n->kind == MC_NODE_STRING ? n->text : NULL;
}

static void compile_pattern(mc_param *p, const mc_node *pat, const char *kind, mc_diags *d,
                            int *errors)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat->text, pat->text_len, PCRE2_UTF, &errcode,
	                               &erroff, NULL);
	if (re) {
		p->re = re;
		return;
	}
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(errcode, msg, sizeof msg);
	mc_diag *g =
	        mc_diag_add(d, MC_E0308, pat->span,
	                    "invalid pattern of parameter `%s` in template `%s`", p->name, kind);
	mc_diag_label_primary(d, g, "%s at offset %zu", (const char *)msg, (size_t)erroff);
	(*errors)++;
}

int mc_params_read(const mc_node *map, const char *kind, mc_arena *arena, mc_diags *d,
                   mc_params *out)
{
	memset(out, 0, sizeof *out);
	if (!map || map->kind != MC_NODE_MAP || !map->npairs)
		return 0;
	int errors = 0;
	out->v = mc_arena_alloc(arena, map->npairs * sizeof *out->v);
	for (size_t i = 0; i < map->npairs; i++) {
		const mc_node *decl = map->pairs[i].value;
		mc_param *p = &out->v[out->len++];
		p->key = map->pairs[i].key;
		p->name = p->key->text;
		p->description = scalar_text(decl, "description");
		const char *type = scalar_text(decl, "type");
		for (size_t t = 0; type && t < NTYPES; t++)
			if (strcmp(type, type_names[t]) == 0)
				p->type = (mc_param_type)t;
		const mc_node *req = mc_node_get(decl, "required");
		p->required = req && req->kind == MC_NODE_BOOL && req->as.b;
		p->def = mc_node_get(decl, "default");
		const mc_node *pat = mc_node_get(decl, "pattern");
		if (pat && pat->kind == MC_NODE_STRING) {
			p->pattern = pat->text;
			if (p->type != MC_PARAM_STRING && p->type != MC_PARAM_LIST) {
				mc_diag *g = mc_diag_add(
				        d, MC_E0308, pat->span,
				        "parameter `%s` of type `%s` cannot have a pattern",
				        p->name, mc_param_type_name(p->type));
				mc_diag_label_primary(d, g,
				                      "only `string` and `list` parameters can");
				errors++;
			} else {
				compile_pattern(p, pat, kind, d, &errors);
			}
		}
		if (p->def && p->required) {
			mc_diag *g = mc_diag_add(d, MC_E0308, p->def->span,
			                         "parameter `%s` is required and has a default",
			                         p->name);
			mc_diag_label_primary(d, g, "a default is never used");
			mc_diag_help(d, g, "remove `required: true` or the default");
			errors++;
		} else if (p->def) {
			/* A default holding `${region}` is checked against the pattern once
			 * substituted, at instantiation. */
			bool vars = p->def->kind == MC_NODE_STRING &&
			            mc_tsubst_has_vars(p->def->text, p->def->text_len);
			mc_code code;
			const char *why;
			if (mc_param_check(p, p->def, !vars, arena, &code, &why) < 0) {
				mc_diag *g = mc_diag_add(
				        d, MC_E0308, p->def->span,
				        "default of parameter `%s` does not fit its type `%s`",
				        p->name, mc_param_type_name(p->type));
				mc_diag_label_primary(d, g, "%s", why);
				errors++;
			}
		}
	}
	return errors;
}

void mc_params_free(mc_params *p)
{
	for (size_t i = 0; p && i < p->len; i++) {
		pcre2_code_free(p->v[i].re);
		p->v[i].re = NULL;
	}
}
