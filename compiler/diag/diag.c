/* The diagnostics sink; see diag.h. */
#include "diag/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"

static const mc_code_info code_table[] = {
#define MC_CODE(id, level, title) {#id, MC_LEVEL_##level, title},
#include "diag/codes.def"
#undef MC_CODE
};

const mc_code_info *mc_code_get(mc_code code)
{
	if ((size_t)code >= MC_CODE_COUNT)
		return NULL;
	return &code_table[code];
}

mc_code mc_code_find(const char *id)
{
	for (size_t i = 0; i < MC_CODE_COUNT; i++)
		if (strcasecmp(code_table[i].id, id) == 0)
			return (mc_code)i;
	return MC_CODE_NONE;
}

void mc_diags_init(mc_diags *d, mc_arena *arena)
{
	memset(d, 0, sizeof *d);
	d->arena = arena;
}

void mc_diags_release(mc_diags *d)
{
	free(d->v);
	d->v = NULL;
	d->len = d->cap = 0;
}

static void count(mc_diags *d, mc_level level, int delta)
{
	if (level == MC_LEVEL_ERROR)
		d->nerrors += (unsigned)delta;
	else if (level == MC_LEVEL_WARNING)
		d->nwarnings += (unsigned)delta;
}

mc_diag *mc_diag_add(mc_diags *d, mc_code code, mc_span span, const char *fmt, ...)
{
	mc_diag *g = mc_arena_alloc(d->arena, sizeof *g);
	const mc_code_info *info = mc_code_get(code);
	g->level = info ? info->level : MC_LEVEL_ERROR;
	g->code = code;
	if (d->quiet) {
		g->message = "";
	} else {
		va_list ap;
		va_start(ap, fmt);
		g->message = mc_arena_vprintf(d->arena, fmt, ap);
		va_end(ap);
	}
	if (span.file) {
		g->labels[0].span = span;
		g->nlabels = 1;
	}
	g->seq = d->len;
	MC_GROW(d->v, d->cap, d->len + 1);
	d->v[d->len++] = g;
	count(d, g->level, 1);
	return g;
}

void mc_diag_set_level(mc_diags *d, mc_diag *g, mc_level level)
{
	count(d, g->level, -1);
	g->level = level;
	count(d, g->level, 1);
}

void mc_diag_label_primary(mc_diags *d, mc_diag *g, const char *fmt, ...)
{
	if (g->nlabels == 0 || d->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	g->labels[0].text = mc_arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
}

void mc_diag_label(mc_diags *d, mc_diag *g, mc_span span, const char *fmt, ...)
{
	if (!span.file || g->nlabels >= MC_DIAG_MAX_LABELS)
		return;
	mc_label *l = &g->labels[g->nlabels++];
	l->span = span;
	if (d->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	l->text = mc_arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
}

void mc_diag_note(mc_diags *d, mc_diag *g, const char *fmt, ...)
{
	if (g->nnotes >= MC_DIAG_MAX_NOTES || d->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	g->notes[g->nnotes++] = mc_arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
}

void mc_diag_help(mc_diags *d, mc_diag *g, const char *fmt, ...)
{
	if (d->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	g->help = mc_arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
}

static int cmp_diag(const void *pa, const void *pb)
{
	const mc_diag *a = *(const mc_diag *const *)pa, *b = *(const mc_diag *const *)pb;
	uint32_t fa = a->nlabels ? a->labels[0].span.file : UINT32_MAX;
	uint32_t fb = b->nlabels ? b->labels[0].span.file : UINT32_MAX;
	if (fa != fb)
		return fa < fb ? -1 : 1;
	if (a->nlabels && b->nlabels && a->labels[0].span.lo != b->labels[0].span.lo)
		return a->labels[0].span.lo < b->labels[0].span.lo ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void mc_diags_sort(mc_diags *d)
{
	if (d->len > 1)
		qsort(d->v, d->len, sizeof *d->v, cmp_diag);
}

/* Optimal string alignment distance, case-insensitive; small words only. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1;
	size_t dp[66][66];
	for (size_t i = 0; i <= la; i++)
		dp[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		dp[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int ca = a[i - 1] | 0x20, cb = b[j - 1] | 0x20;
			size_t cost = ca == cb ? 0 : 1;
			size_t v = dp[i - 1][j] + 1;
			if (dp[i][j - 1] + 1 < v)
				v = dp[i][j - 1] + 1;
			if (dp[i - 1][j - 1] + cost < v)
				v = dp[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && (a[i - 1] | 0x20) == (b[j - 2] | 0x20) &&
			    (a[i - 2] | 0x20) == (b[j - 1] | 0x20) && dp[i - 2][j - 2] + 1 < v)
				v = dp[i - 2][j - 2] + 1;
			dp[i][j] = v;
		}
	}
	return dp[la][lb];
}

const char *mc_did_you_mean(const char *word, const char *const *candidates, size_t n)
{
	size_t wl = strlen(word);
	/* A third of the word's length, at least one edit: `treshold` -> `threshold`. */
	size_t limit = wl / 3 > 1 ? wl / 3 : 1;
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		size_t dd = distance(word, candidates[i]);
		if (dd <= limit && dd < best_d && strcmp(word, candidates[i]) != 0) {
			best = candidates[i];
			best_d = dd;
		}
	}
	return best;
}
