/*
 * `moncc schema`: the embedded JSON Schema of the spec, byte for byte, to standard output.
 */
#include "cli/cli.h"
#include "schema/validate.h"

int mc_cli_cmd_schema(mc_cli *cli)
{
	if (cli->nargs > 0) {
		mc_cli_usage_error(cli, "`moncc schema` takes no arguments",
		                   "unexpected argument `%s`", cli->args[0]);
		return mc_cli_report_usage_error(cli);
	}
	size_t len = 0;
	const char *text = mc_schema_spec_text(&len);
	mc_buf_add(&cli->out, text, len);
	return MC_EXIT_OK;
}
