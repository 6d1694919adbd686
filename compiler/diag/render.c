/*
 * The renderer entry points: --format names -> mc_format, and mc_format -> the renderer that
 * writes it (render_human.c, render_json.c, render_github.c, render_sarif.c).
 */
#include "diag/render.h"

#include <string.h>

static const struct {
	const char *name;
	mc_format format;
} formats[] = {
	{"human", MC_FORMAT_HUMAN},
	{"json", MC_FORMAT_JSON},
	{"github", MC_FORMAT_GITHUB},
	{"sarif", MC_FORMAT_SARIF},
};

int mc_format_parse(const char *name, mc_format *out)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return 0;
		}
	}
	return -1;
}

void mc_render(mc_format fmt, const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts,
               mc_buf *out)
{
	switch (fmt) {
	case MC_FORMAT_HUMAN: mc_render_human(d, srcs, opts, out); return;
	case MC_FORMAT_JSON: mc_render_json(d, srcs, opts, out); return;
	case MC_FORMAT_GITHUB: mc_render_github(d, srcs, opts, out); return;
	case MC_FORMAT_SARIF: mc_render_sarif(d, srcs, opts, out); return;
	}
	mc_render_human(d, srcs, opts, out);
}
