/*
 * `moncc explain CODE`, `moncc explain --list` and `moncc help [COMMAND]`: text that is
 * compiled into the binary (docs/errors/CODE.md and the help texts) to standard output.
 */
#include "base/embedded.h"
#include "cli/cli.h"
#include "diag/diag.h"

static int list_codes(mc_cli *cli)
{
	for (size_t i = 0; i < MC_CODE_COUNT; i++) {
		const mc_code_info *info = mc_code_get((mc_code)i);
		mc_buf_printf(&cli->out, "%s  %s\n", info->id, info->title);
	}
	return MC_EXIT_OK;
}

static int unknown_code(mc_cli *cli, const char *word)
{
	const char *ids[MC_CODE_COUNT];
	for (size_t i = 0; i < MC_CODE_COUNT; i++)
		ids[i] = mc_code_get((mc_code)i)->id;
	const char *best = mc_did_you_mean(word, ids, MC_CODE_COUNT);
	const char *help = best ? mc_arena_printf(cli->arena, "did you mean `%s`?", best)
	                        : "run `moncc explain --list` to see every code";
	mc_cli_usage_error(cli, help, "unknown code `%s`", word);
	return mc_cli_report_usage_error(cli);
}

int mc_cli_cmd_explain(mc_cli *cli)
{
	if (cli->list) {
		if (cli->nargs == 0)
			return list_codes(cli);
		mc_cli_usage_error(cli, "use either `--list` or a CODE", "unexpected argument `%s`",
		                   cli->args[0]);
		return mc_cli_report_usage_error(cli);
	}
	if (cli->nargs != 1) {
		if (cli->nargs == 0)
			mc_cli_usage_error(cli, "run `moncc explain --list` to see every code",
			                   "no CODE to explain");
		else
			mc_cli_usage_error(cli, "explain one code at a time",
			                   "unexpected argument `%s`", cli->args[1]);
		return mc_cli_report_usage_error(cli);
	}

	mc_code code = mc_code_find(cli->args[0]);
	if (code == MC_CODE_NONE)
		return unknown_code(cli, cli->args[0]);
	const char *id = mc_code_get(code)->id;
	const char *page = mc_arena_printf(cli->arena, "%s.md", id);
	const struct mc_embedded_file *doc = mc_embedded_find(mc_embedded_error_docs, page);
	if (!doc)
		return mc_cli_report_failure(cli, "no explanation of `%s` in this build of moncc",
		                             id);
	mc_buf_add(&cli->out, doc->bytes, doc->len);
	return MC_EXIT_OK;
}

int mc_cli_cmd_help(mc_cli *cli)
{
	if (cli->nargs > 1) {
		mc_cli_usage_error(cli, "ask for one command at a time", "unexpected argument `%s`",
		                   cli->args[1]);
		return mc_cli_report_usage_error(cli);
	}
	mc_cli_command cmd = MC_CMD_NONE;
	if (cli->nargs == 1) {
		cmd = mc_cli_command_find(cli->args[0]);
		if (cmd == MC_CMD_NONE) {
			const char *best = mc_did_you_mean(cli->args[0], mc_cli_command_names,
			                                   mc_cli_ncommands);
			const char *help =
			    best ? mc_arena_printf(cli->arena, "did you mean `%s`?", best)
			         : "the commands are `check`, `build`, `inspect`, `schema`, "
			           "`docs`, `explain` and `help`";
			mc_cli_usage_error(cli, help, "unknown command `%s`", cli->args[0]);
			cli->bad_command = true;
			return mc_cli_report_usage_error(cli);
		}
	}
	mc_buf_puts(&cli->out, mc_cli_usage_text(cmd));
	return MC_EXIT_OK;
}
