/*
 * moncc's entry point: argv and the environment -> a command's output and an exit code.
 *
 * Parses the command line (args.c), decides colour, runs one command, then writes what the
 * command produced: standard output first, then standard error, one fwrite each. A failed
 * write (a full disk, a closed pipe) is exit code 3. Everything allocated is freed before
 * returning, so valgrind sees no leak. moncc never calls setlocale: its output must not
 * depend on the user's locale.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "schema/validate.h"

/* `--color auto`: colour when standard error is a terminal that can show it. NO_COLOR
 * (https://no-color.org) set to anything non-empty turns colour off, even over `always`. */
static bool want_color(mc_color_mode mode)
{
	const char *no_color = getenv("NO_COLOR");
	if (no_color && *no_color)
		return false;
	if (mode != MC_COLOR_AUTO)
		return mode == MC_COLOR_ALWAYS;
	const char *term = getenv("TERM");
	return isatty(STDERR_FILENO) && term && strcmp(term, "dumb") != 0;
}

static int run(mc_cli *cli)
{
	/* A wrong command word makes every other word meaningless, even `--help`. */
	if (cli->bad_command)
		return mc_cli_report_usage_error(cli);
	if (cli->help) {
		mc_buf_puts(&cli->out, mc_cli_usage_text(cli->command));
		return MC_EXIT_OK;
	}
	if (cli->version && cli->command == MC_CMD_NONE) {
		mc_buf_puts(&cli->out, "moncc " MONCC_VERSION "\n");
		return MC_EXIT_OK;
	}
	if (cli->usage_error)
		return mc_cli_report_usage_error(cli);
	if (cli->version) {
		mc_buf_puts(&cli->out, "moncc " MONCC_VERSION "\n");
		return MC_EXIT_OK;
	}
	switch (cli->command) {
	case MC_CMD_CHECK:
		return mc_cli_cmd_check(cli);
	case MC_CMD_INSPECT:
		return mc_cli_cmd_inspect(cli);
	case MC_CMD_SCHEMA:
		return mc_cli_cmd_schema(cli);
	case MC_CMD_EXPLAIN:
		return mc_cli_cmd_explain(cli);
	case MC_CMD_HELP:
		return mc_cli_cmd_help(cli);
	case MC_CMD_BUILD:
		return mc_cli_cmd_build(cli);
	case MC_CMD_LOGS:
		return mc_cli_cmd_logs(cli);
	case MC_CMD_DOCS:
		return mc_cli_cmd_docs(cli);
	case MC_CMD_NONE:
		break;
	}
	mc_cli_usage_error(cli,
	                   "the commands are `check`, `build`, `inspect`, `schema`, `docs`, `explain` "
	                   "and `help`",
	                   "no command given");
	return mc_cli_report_usage_error(cli);
}

/* Writes all of b to f in one call; 0 on success, else errno's value. */
static int write_all(FILE *f, const mc_buf *b)
{
	errno = 0;
	if (b->len && fwrite(b->p, 1, b->len, f) != b->len)
		return errno ? errno : EIO;
	if (fflush(f) != 0 || ferror(f))
		return errno ? errno : EIO;
	return 0;
}

int main(int argc, char **argv)
{
	mc_cli cli = {0};
	cli.arena = mc_arena_new();
	mc_cli_parse(&cli, argc, argv);
	cli.color = want_color(cli.color_mode);

	int rc = run(&cli);

	int err = write_all(stdout, &cli.out);
	if (err) {
		mc_buf_printf(&cli.err, "moncc: error: cannot write to standard output: %s\n",
		              strerror(err));
		rc = MC_EXIT_FAILURE;
	}
	if (write_all(stderr, &cli.err) != 0)
		rc = MC_EXIT_FAILURE;

	mc_schema_spec_release();
	mc_buf_release(&cli.out);
	mc_buf_release(&cli.err);
	free(cli.args);
	mc_arena_free(cli.arena);
	return rc;
}
