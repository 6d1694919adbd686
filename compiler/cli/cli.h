/*
 * The command line, shared between its files: the parsed invocation (mc_cli), the commands
 * and the output they build.
 *
 * Nothing here prints as it goes: commands append to cli->out (standard output) and
 * cli->err (standard error), and main() writes each buffer with one fwrite at the end, so
 * a failed write is noticed in one place and turned into exit code 3. Exit codes follow
 * docs/cli.md: 0 success, 1 the spec has errors, 2 usage error, 3 I/O or internal failure.
 */
#ifndef MC_CLI_CLI_H
#define MC_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diag/render.h"
#include "driver/check.h"

enum { MC_EXIT_OK = 0, MC_EXIT_ERRORS = 1, MC_EXIT_USAGE = 2, MC_EXIT_FAILURE = 3 };

typedef enum {
	MC_CMD_NONE, /* no command given (yet) */
	MC_CMD_CHECK,
	MC_CMD_INSPECT,
	MC_CMD_SCHEMA,
	MC_CMD_EXPLAIN,
	MC_CMD_HELP,
	MC_CMD_BUILD,
	MC_CMD_LOGS,
	MC_CMD_DOCS,
} mc_cli_command;

typedef enum { MC_COLOR_AUTO, MC_COLOR_ALWAYS, MC_COLOR_NEVER } mc_color_mode;

typedef struct {
	mc_cli_command command;
	mc_format format;
	mc_color_mode color_mode;
	bool color;            /* resolved from color_mode, the terminal and NO_COLOR */
	bool quiet, help, version, list;
	bool verbose;           /* logs test: -v, list the matching lines */
	const char *expect_file; /* logs test: --expect FILE, or NULL */
	const char *output_dir; /* build, docs: -o DIR, or NULL */
	bool check_only;        /* build, docs: --check */
	unsigned error_limit;  /* human format; 0 = no limit */
	const char **args;     /* operands after the command, in order (argv strings) */
	size_t nargs;

	/* The first usage error found, if any: message, help (may be NULL), and whether the
	 * command word itself was wrong (then `--help` cannot rescue the invocation). */
	const char *usage_error;
	const char *usage_help;
	bool bad_command;

	mc_arena *arena;       /* strings of usage errors */
	mc_buf out, err;
} mc_cli;

/* Command names and the commands' long options, for help texts and did-you-mean. */
const char *mc_cli_command_name(mc_cli_command cmd);
mc_cli_command mc_cli_command_find(const char *name);
extern const char *const mc_cli_command_names[];
extern const size_t mc_cli_ncommands;

/* args.c: parses argv into cli (which must be zeroed except for arena); never prints. */
void mc_cli_parse(mc_cli *cli, int argc, char **argv);
/* Records a usage error unless one is already recorded (the first one is the one shown). */
void mc_cli_usage_error(mc_cli *cli, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* usage.c: the help text of a command (MC_CMD_NONE: of moncc itself), ending in '\n'. */
const char *mc_cli_usage_text(mc_cli_command cmd);

/* report.c: turns the recorded usage error into output in cli->format; returns 2. */
int mc_cli_report_usage_error(mc_cli *cli);
/* report.c: an error without a source (internal failure) in cli->format; returns 3. */
int mc_cli_report_failure(mc_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* report.c: one line on cli->err for a diagnostic without a source: `moncc: error[E0001]: ...`. */
void mc_cli_render_sourceless(mc_cli *cli, const mc_diag *g);
/* A session's diagnostics in cli->format (report.c); ok_lines: `SPEC: ok` for clean files. */
void mc_cli_render_diags(mc_cli *cli, mc_session *s, bool ok_lines);

/* The commands; each returns the exit code. */
int mc_cli_cmd_check(mc_cli *cli);
int mc_cli_cmd_inspect(mc_cli *cli);
int mc_cli_cmd_schema(mc_cli *cli);
int mc_cli_cmd_explain(mc_cli *cli);
int mc_cli_cmd_help(mc_cli *cli);
int mc_cli_cmd_build(mc_cli *cli);
int mc_cli_cmd_logs(mc_cli *cli);
int mc_cli_cmd_docs(mc_cli *cli);

#endif
