/*
 * `moncc check SPEC...`: runs the driver on the specs and reports.
 *
 * Human format writes to standard error, in this order: `SPEC: ok` for each spec without
 * errors (unless -q), one line for each problem without a source (a file that cannot be
 * read), then the rendered diagnostics with their summary line. Machine formats write one
 * document for all specs to standard output. Nothing else is written.
 */

#include "cli/cli.h"
#include "driver/check.h"

int mc_cli_cmd_check(mc_cli *cli)
{
	if (cli->nargs == 0) {
		mc_cli_usage_error(cli, "give the path of a spec, or `-` for standard input",
		                   "no SPEC to check");
		return mc_cli_report_usage_error(cli);
	}

	mc_session s;
	mc_session_init(&s);
	int rc = mc_check_paths(&s, cli->args, cli->nargs);
	mc_cli_render_diags(cli, &s, true);
	mc_session_release(&s);
	return rc;
}
