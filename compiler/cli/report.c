/*
 * Failures of the command line itself, as text or in the chosen machine format.
 *
 * A usage error in human format is git-shaped (`moncc: unknown option ...`, `help: ...`,
 * `Try ...`) on standard error. In json, github and sarif every failure is in that format,
 * so a tool reading standard output never has to parse prose: the error becomes an mc_diag
 * without a code or a source and goes through the same renderer as spec diagnostics.
 * Diagnostics without a source (a file that cannot be read) are one line each in human
 * format, `moncc: error[E0001]: ...`, because there is no excerpt to show.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "base/xalloc.h"
#include "cli/cli.h"
#include "driver/check.h"
#include "diag/diag.h"
#include "diag/source.h"

#define RED_BOLD "\033[1;31m"
#define YELLOW_BOLD "\033[1;33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

/* User text in a one-line message stays on one line: control characters become `?`. */
static void put_sanitized(mc_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		mc_buf_putc(b, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

void mc_cli_render_sourceless(mc_cli *cli, const mc_diag *g)
{
	const mc_code_info *info = mc_code_get(g->code);
	const char *level = g->level == MC_LEVEL_ERROR     ? "error"
	                    : g->level == MC_LEVEL_WARNING ? "warning"
	                                                   : "note";
	mc_buf *b = &cli->err;

	mc_buf_puts(b, "moncc: ");
	if (cli->color)
		mc_buf_puts(b, g->level == MC_LEVEL_ERROR ? RED_BOLD : YELLOW_BOLD);
	mc_buf_puts(b, level);
	if (info)
		mc_buf_printf(b, "[%s]", info->id);
	/* The message is bold, as in the renderer's diagnostics. */
	if (cli->color)
		mc_buf_puts(b, RESET BOLD);
	mc_buf_puts(b, ": ");
	put_sanitized(b, g->message);
	if (cli->color)
		mc_buf_puts(b, RESET);
	mc_buf_putc(b, '\n');
}

/* Renders one codeless, sourceless diagnostic in a machine format onto cli->out. */
static void render_machine(mc_cli *cli, const char *message, const char *help, const char *note)
{
	mc_sources srcs;
	mc_diags d;
	mc_sources_init(&srcs);
	mc_diags_init(&d, cli->arena);
	mc_diag *g = mc_diag_add(&d, MC_CODE_NONE, MC_NO_SPAN, "%s", message);
	if (help)
		mc_diag_help(&d, g, "%s", help);
	if (note)
		mc_diag_note(&d, g, "%s", note);
	mc_render_opts opts = {.color = false, .error_limit = 0, .version = MONCC_VERSION};
	mc_render(cli->format, &d, &srcs, &opts, &cli->out);
	mc_diags_release(&d);
	mc_sources_release(&srcs);
}

int mc_cli_report_usage_error(mc_cli *cli)
{
	const char *cmd = cli->bad_command ? NULL : mc_cli_command_name(cli->command);
	const char *space = cmd ? " " : "", *name = cmd ? cmd : "";

	if (cli->format != MC_FORMAT_HUMAN) {
		/* In a diagnostic the pointer to help is a note, in the notes' style. */
		const char *note =
		    mc_arena_printf(cli->arena, "try `moncc%s%s --help`", space, name);
		render_machine(cli, cli->usage_error, cli->usage_help, note);
		return MC_EXIT_USAGE;
	}
	const char *try_line = mc_arena_printf(cli->arena, "Try `moncc%s%s --help`.", space, name);
	mc_buf_puts(&cli->err, "moncc: ");
	put_sanitized(&cli->err, cli->usage_error);
	mc_buf_putc(&cli->err, '\n');
	if (cli->usage_help) {
		mc_buf_puts(&cli->err, "help: ");
		put_sanitized(&cli->err, cli->usage_help);
		mc_buf_putc(&cli->err, '\n');
	}
	mc_buf_puts(&cli->err, try_line);
	mc_buf_putc(&cli->err, '\n');
	return MC_EXIT_USAGE;
}

int mc_cli_report_failure(mc_cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *message = mc_arena_vprintf(cli->arena, fmt, ap);
	va_end(ap);

	if (cli->format != MC_FORMAT_HUMAN) {
		render_machine(cli, message, NULL, NULL);
	} else {
		mc_diag g = {.level = MC_LEVEL_ERROR, .code = MC_CODE_NONE, .message = message};
		mc_cli_render_sourceless(cli, &g);
	}
	return MC_EXIT_FAILURE;
}

/*
 * The diagnostics of a session in the chosen format. Human: `SPEC: ok` lines first (when
 * ok_lines and not -q), then one line per sourceless diagnostic, then the renderer with the
 * others; it counts only those in its summary, since the others were one line each above.
 * Machine formats: one document on standard output.
 */
void mc_cli_render_diags(mc_cli *cli, mc_session *s, bool ok_lines)
{
	mc_render_opts opts = {
		.color = false,
		.error_limit = 0,
		.version = MONCC_VERSION,
		.files = cli->args,
		.nfiles = cli->nargs,
	};
	if (cli->format != MC_FORMAT_HUMAN) {
		mc_render(cli->format, &s->diags, &s->sources, &opts, &cli->out);
		return;
	}
	for (size_t i = 0; ok_lines && !cli->quiet && i < s->nfiles; i++) {
		const mc_check_file *f = &s->files[i];
		const mc_source *src = mc_sources_get(&s->sources, f->file);
		if (src && f->nerrors == 0)
			mc_buf_printf(&cli->err, "%s: ok\n", src->path);
	}
	mc_diags view = {.arena = s->diags.arena};
	view.v = mc_xcalloc(s->diags.len ? s->diags.len : 1, sizeof *view.v);
	for (size_t i = 0; i < s->diags.len; i++) {
		mc_diag *g = s->diags.v[i];
		if (g->nlabels == 0 || g->labels[0].span.file == 0) {
			mc_cli_render_sourceless(cli, g);
			continue;
		}
		view.v[view.len++] = g;
		if (g->level == MC_LEVEL_ERROR)
			view.nerrors++;
		else if (g->level == MC_LEVEL_WARNING)
			view.nwarnings++;
	}
	view.cap = s->diags.len;
	if (view.len) {
		opts.color = cli->color;
		opts.error_limit = cli->error_limit;
		mc_render_human(&view, &s->sources, &opts, &cli->err);
	}
	free(view.v);
}
