/*
 * Parsing the command line: argv -> mc_cli.
 *
 * Options may come before or after the operands (`moncc check a.yaml --format json`), `--`
 * ends them, and `-` alone is an operand (standard input). Long options take their value as
 * `--format json` or `--format=json`. Parsing never stops at a usage error: it keeps the first
 * one and reads on, so that a `--format json` later on the line still makes the error JSON
 * and `--help` still shows help.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "cli/cli.h"

typedef enum {
	OPT_FORMAT,
	OPT_COLOR,
	OPT_QUIET,
	OPT_ERROR_LIMIT,
	OPT_HELP,
	OPT_VERSION,
	OPT_LIST,
	OPT_OUTPUT,
	OPT_CHECK,
	OPT_VERBOSE,
	OPT_EXPECT,
} opt_id;

typedef struct {
	const char *name;       /* "--format" */
	const char *short_name; /* "-q", or NULL */
	bool takes_value;
	mc_cli_command only;    /* MC_CMD_NONE: every command; else only after that command */
	opt_id id;
} option_def;

static const option_def options[] = {
	{"--format", NULL, true, MC_CMD_NONE, OPT_FORMAT},
	{"--color", NULL, true, MC_CMD_NONE, OPT_COLOR},
	{"--quiet", "-q", false, MC_CMD_NONE, OPT_QUIET},
	{"--error-limit", NULL, true, MC_CMD_NONE, OPT_ERROR_LIMIT},
	{"--help", "-h", false, MC_CMD_NONE, OPT_HELP},
	{"--version", NULL, false, MC_CMD_NONE, OPT_VERSION},
	{"--list", NULL, false, MC_CMD_EXPLAIN, OPT_LIST},
	{"--output", "-o", true, MC_CMD_BUILD, OPT_OUTPUT},
	{"--check", NULL, false, MC_CMD_BUILD, OPT_CHECK},
	{"--list", NULL, false, MC_CMD_BUILD, OPT_LIST},
	{"--verbose", "-v", false, MC_CMD_LOGS, OPT_VERBOSE},
	{"--expect", NULL, true, MC_CMD_LOGS, OPT_EXPECT},
	{"--output", "-o", true, MC_CMD_DOCS, OPT_OUTPUT},
	{"--check", NULL, false, MC_CMD_DOCS, OPT_CHECK},
};
enum { NOPTIONS = sizeof options / sizeof options[0] };

const char *const mc_cli_command_names[] = {"check", "inspect", "schema", "explain", "help",
                                            "build", "logs", "docs"};
const size_t mc_cli_ncommands = sizeof mc_cli_command_names / sizeof mc_cli_command_names[0];

const char *mc_cli_command_name(mc_cli_command cmd)
{
	if (cmd == MC_CMD_NONE)
		return NULL;
	return mc_cli_command_names[cmd - MC_CMD_CHECK];
}

mc_cli_command mc_cli_command_find(const char *name)
{
	for (size_t i = 0; i < mc_cli_ncommands; i++)
		if (strcmp(mc_cli_command_names[i], name) == 0)
			return (mc_cli_command)(MC_CMD_CHECK + i);
	return MC_CMD_NONE;
}

void mc_cli_usage_error(mc_cli *cli, const char *help, const char *fmt, ...)
{
	if (cli->usage_error)
		return;
	va_list ap;
	va_start(ap, fmt);
	cli->usage_error = mc_arena_vprintf(cli->arena, fmt, ap);
	va_end(ap);
	cli->usage_help = help ? mc_arena_strdup(cli->arena, help) : NULL;
}

static bool applies(const option_def *o, mc_cli_command cmd)
{
	return o->only == MC_CMD_NONE || o->only == cmd;
}

/* "did you mean `X`?" among the options valid here, or NULL. */
static const char *suggest_option(mc_cli *cli, const char *word)
{
	const char *names[NOPTIONS];
	size_t n = 0;
	for (size_t i = 0; i < NOPTIONS; i++)
		if (applies(&options[i], cli->command))
			names[n++] = options[i].name;
	const char *best = mc_did_you_mean(word, names, n);
	return best ? mc_arena_printf(cli->arena, "did you mean `%s`?", best) : NULL;
}

/* The value-checking help for a word out of a fixed list: did-you-mean, else the list. */
static const char *suggest_value(mc_cli *cli, const char *word, const char *const *values,
                                 size_t n)
{
	const char *best = mc_did_you_mean(word, values, n);
	if (best)
		return mc_arena_printf(cli->arena, "did you mean `%s`?", best);
	mc_buf b = MC_BUF_INIT;
	mc_buf_puts(&b, "expected one of ");
	for (size_t i = 0; i < n; i++)
		mc_buf_printf(&b, "%s`%s`", i == 0 ? "" : i + 1 == n ? " or " : ", ", values[i]);
	const char *s = mc_arena_strdup(cli->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static void set_format(mc_cli *cli, const char *value)
{
	static const char *const names[] = {"human", "json", "github", "sarif"};
	mc_format f;
	if (mc_format_parse(value, &f) == 0)
		cli->format = f;
	else
		mc_cli_usage_error(cli, suggest_value(cli, value, names, 4),
		                   "unknown format `%s` for `--format`", value);
}

static void set_color(mc_cli *cli, const char *value)
{
	static const char *const names[] = {"auto", "always", "never"};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(value, names[i]) == 0) {
			cli->color_mode = (mc_color_mode)i;
			return;
		}
	}
	mc_cli_usage_error(cli, suggest_value(cli, value, names, 3),
	                   "unknown value `%s` for `--color`", value);
}

static void set_error_limit(mc_cli *cli, const char *value)
{
	/* Digits only: strtoul alone would accept " 5", "+5" and "-5". */
	bool digits = *value != '\0';
	for (const char *p = value; *p; p++)
		if (*p < '0' || *p > '9')
			digits = false;
	unsigned long n = 0;
	if (digits) {
		errno = 0;
		n = strtoul(value, NULL, 10);
		if (errno || n > UINT_MAX)
			digits = false;
	}
	if (!digits) {
		mc_cli_usage_error(cli, "expected a whole number of errors; 0 shows all of them",
		                   "invalid value `%s` for `--error-limit`", value);
		return;
	}
	cli->error_limit = (unsigned)n;
}

static void apply(mc_cli *cli, const option_def *o, const char *value)
{
	switch (o->id) {
	case OPT_FORMAT:
		set_format(cli, value);
		break;
	case OPT_COLOR:
		set_color(cli, value);
		break;
	case OPT_QUIET:
		cli->quiet = true;
		break;
	case OPT_ERROR_LIMIT:
		set_error_limit(cli, value);
		break;
	case OPT_HELP:
		cli->help = true;
		break;
	case OPT_VERSION:
		cli->version = true;
		break;
	case OPT_LIST:
		cli->list = true;
		break;
	case OPT_OUTPUT:
		cli->output_dir = value;
		break;
	case OPT_CHECK:
		cli->check_only = true;
		break;
	case OPT_VERBOSE:
		cli->verbose = true;
		break;
	case OPT_EXPECT:
		cli->expect_file = value;
		break;
	}
}

/* Handles argv[*i], an option; may consume the next word as its value. */
static void parse_option(mc_cli *cli, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *eq = arg[1] == '-' ? strchr(arg, '=') : NULL;
	size_t namelen = eq ? (size_t)(eq - arg) : strlen(arg);
	const option_def *o = NULL;

	for (size_t k = 0; k < NOPTIONS && !o; k++) {
		if (!applies(&options[k], cli->command))
			continue;
		const char *ln = options[k].name, *sn = options[k].short_name;
		bool long_match = strlen(ln) == namelen && strncmp(ln, arg, namelen) == 0;
		if (long_match || (!eq && sn && strcmp(sn, arg) == 0))
			o = &options[k];
	}
	if (!o) {
		const char *name = mc_arena_strndup(cli->arena, arg, namelen);
		mc_cli_usage_error(cli, suggest_option(cli, name), "unknown option `%s`", name);
		return;
	}
	if (!o->takes_value) {
		if (eq)
			mc_cli_usage_error(cli, NULL, "option `%s` takes no value", o->name);
		else
			apply(cli, o, NULL);
		return;
	}
	const char *value = eq ? eq + 1 : NULL;
	if (!value) {
		if (*i + 1 >= argc) {
			mc_cli_usage_error(cli, NULL, "option `%s` needs a value", o->name);
			return;
		}
		value = argv[++*i];
	}
	apply(cli, o, value);
}

static void set_command(mc_cli *cli, const char *word)
{
	mc_cli_command cmd = mc_cli_command_find(word);
	if (cmd != MC_CMD_NONE) {
		cli->command = cmd;
		return;
	}
	/* Commands of the language's later phases (design §5): say so rather than "unknown". */
	static const char *const later[] = {"plan", "apply", "init"};
	bool is_later = false;
	for (size_t i = 0; i < sizeof later / sizeof later[0]; i++)
		is_later = is_later || strcmp(word, later[i]) == 0;

	const char *best = mc_did_you_mean(word, mc_cli_command_names, mc_cli_ncommands);
	const char *help =
		best ? mc_arena_printf(cli->arena, "did you mean `%s`?", best)
		     : "the commands are `check`, `build`, `inspect`, `schema`, `docs`, `explain` and "
		       "`help`";
	/* A wrong command outranks any earlier option error: it is what the user sees first. */
	cli->usage_error = NULL;
	if (is_later)
		mc_cli_usage_error(cli, help, "command `%s` is not in this version", word);
	else
		mc_cli_usage_error(cli, help, "unknown command `%s`", word);
	cli->bad_command = true;
}

void mc_cli_parse(mc_cli *cli, int argc, char **argv)
{
	bool options_end = false, have_command = false;

	cli->format = MC_FORMAT_HUMAN;
	cli->color_mode = MC_COLOR_AUTO;
	cli->error_limit = 20;
	cli->args = mc_xcalloc(argc > 0 ? (size_t)argc : 1, sizeof *cli->args);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!options_end && strcmp(arg, "--") == 0) {
			options_end = true;
		} else if (!options_end && arg[0] == '-' && arg[1] != '\0') {
			parse_option(cli, argc, argv, &i);
		} else if (!have_command) {
			have_command = true;
			set_command(cli, arg);
		} else {
			cli->args[cli->nargs++] = arg;
		}
	}
}
